import EndorseCore
import EndorseStore
import Foundation
import Hummingbird
import Mustache

/// A member org's ballot pages `/b/...` (web.md "Member orgs"). Ballots are written only through
/// `BallotStore.putFromPage` / `withdrawFromPage`, the one ballot write path; nothing here shows
/// a count, a tally or another org's ballot.
struct BallotPages: Sendable {
    typealias Context = BasicRequestContext
    let store: ActingStore
    /// The candidate pages' shared helpers (languages, 404/503 pages, redirects).
    var shared: CandidatePages { CandidatePages(store: store) }

    func register(_ router: Router<Context>) {
        router.get("/b/:token") { request, context in await shared.guarded(request, context) { try await self.open($0, $1) } }
        router.get("/b") { request, context in await shared.guarded(request, context) { try await self.overview($0, $1) } }
        router.get("/b/races/:race") { request, context in
            await shared.guarded(request, context) { try await self.race($0, $1) }
        }
        router.post("/b/races/:race") { request, context in
            await shared.guarded(request, context) { try await self.postRace($0, $1) }
        }
        router.get("/b/candidates/:candidate") { request, context in
            await shared.guarded(request, context) { try await self.answers($0, $1) }
        }
    }

    /// A visit with an org session (`session` nil otherwise).
    func visit(_ request: Request) async throws -> CandidatePages.Visit {
        try await shared.visit(request, holder: .org)
    }

    /// `GET /b/<token>`: starts (or keeps) the session, then sends the browser to `/b`.
    func open(_ request: Request, _ context: Context) async throws -> Response {
        var v = try await visit(request)
        let token = context.parameters.get("token") ?? ""
        guard let opened = try await WebSessions(store: store).open(token: token, kind: .org, currentSessionID: v.sessionID) else {
            return shared.invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        if let id = opened.newSessionID {
            v.cookies.append(("Set-Cookie", WebSecurity.sessionCookieValue(id, secure: v.secure)))
        }
        return CandidatePages.redirect("/b", headers: v.cookies)
    }

    func overview(_ request: Request, _ context: Context) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session else { return shared.invalidLink(v.language).response(.notFound, headers: v.cookies) }
        let views = BallotViews(state: try await OrgBallots(store: store).state(session), language: v.language)
        return page(views, title: views.t("ballotsTitle"), BallotTemplates.overview, views.overview())
            .response(headers: v.cookies)
    }

    func race(_ request: Request, _ context: Context) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session, let sessionID = v.sessionID else {
            return shared.invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        let views = BallotViews(state: try await OrgBallots(store: store).state(session), language: v.language)
        guard let r = views.race(context.parameters.get("race") ?? "") else {
            return shared.invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        let q = request.uri.queryParameters
        let notice = q["recorded"] != nil && r.current != nil ? views.t("recorded")
            : q["withdrawn"] != nil && r.current == nil ? views.t("withdrawnNotice") : nil
        let c = views.racePage(r, form: BallotViews.formValues(from: r.current), errors: [],
                               csrf: WebSecurity.csrfToken(sessionID: sessionID), notice: notice)
        return page(views, title: views.raceTitle(r), BallotTemplates.race, c).response(headers: v.cookies)
    }

    /// `POST /b/races/<race>`: `action=review` (the review step), `edit` (the form again),
    /// `confirm` (write the ballot) or `withdraw`. Refusals, in order: 404 (no session, unknown
    /// race), 413, 403 (CSRF), 409 (race not open), 403 (may not vote here), 422 (the form).
    func postRace(_ request: Request, _ context: Context) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session, let sessionID = v.sessionID else {
            return shared.invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        let views = BallotViews(state: try await OrgBallots(store: store).state(session, scores: false), language: v.language)
        guard let r = views.race(context.parameters.get("race") ?? "") else {
            return shared.invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        let csrf = WebSecurity.csrfToken(sessionID: sessionID)
        let ids = r.candidates.map(\.id)
        /// The race page again (with the evidence, as the store has it now), `form` kept.
        func refuse(_ status: HTTPResponse.Status, _ form: BallotForm,
                    _ errors: [BallotViews.Shown]) async throws -> Response {
            let shown = BallotViews(state: try await OrgBallots(store: store).state(session), language: v.language)
            let race = shown.race(r.race.id) ?? r
            return page(shown, title: shown.raceTitle(race), BallotTemplates.race,
                        shown.racePage(race, form: form, errors: errors, csrf: csrf, notice: nil))
                .response(status, headers: v.cookies)
        }
        let empty = BallotViews.formValues(from: r.current)
        let body: FormBody
        do { body = try await FormBody.read(request) } catch FormBody.Failure.tooLarge {
            return try await refuse(.contentTooLarge, empty, [.init(message: views.t("errBallotTooLarge"))])
        }
        let form = BallotForm(body.fields, method: r.race.method, candidates: ids)
        guard WebSecurity.csrfMatches(body["csrf"], sessionID: sessionID) else {
            return try await refuse(.forbidden, form, [.init(message: views.t("errBallotCSRF"))])
        }
        guard r.state == .open else { return try await refuse(.conflict, form, [.init(message: views.t("errBallotClosed"))]) }
        guard views.readOnlyReason(r) == nil else {
            return try await refuse(.forbidden, form, [.init(message: views.t("errBallotRecused"))])
        }
        let action = body["action"] ?? ""
        if action == "withdraw" {
            return try await write(v, sessionID: sessionID, r, form: empty, refuse: refuse) {
                _ = try await store.ballots.withdrawFromPage(sessionID: sessionID, race: r.race.id)
                return "withdrawn"
            }
        }
        guard ["review", "edit", "confirm"].contains(action) else {
            return try await refuse(.unprocessableContent, form, [.init(message: views.t("errBallotAction"))])
        }
        guard let choice = form.choice, form.issues.isEmpty else {
            return try await refuse(.unprocessableContent, form, views.shown(form.issues))
        }
        do throws(EndorseError) {
            try BallotRules.validate(choice, method: r.race.method, ballot: Set(ids))
        } catch {
            return try await refuse(.unprocessableContent, form, [.init(message: error.message)])
        }
        switch action {
        case "edit":
            return try await refuse(.ok, form, [])
        case "review":
            let c = views.reviewPage(r, form: form, choice: choice, fields: body.fields, csrf: csrf)
            return page(views, title: views.t("reviewBallotTitle") + " — " + views.raceTitle(r), BallotTemplates.review, c)
                .response(headers: v.cookies)
        default:
            return try await write(v, sessionID: sessionID, r, form: form, refuse: refuse) {
                _ = try await store.ballots.putFromPage(sessionID: sessionID, race: r.race.id, choice: choice)
                return "recorded"
            }
        }
    }

    /// Runs a ballot write; its refusals as the page again (nothing written), success as a
    /// redirect to the race page (`?recorded=1` / `?withdrawn=1`).
    func write(_ v: CandidatePages.Visit, sessionID: String, _ r: OrgRace, form: BallotForm,
               refuse: (HTTPResponse.Status, BallotForm, [BallotViews.Shown]) async throws -> Response,
               _ body: () async throws -> String) async throws -> Response {
        let t = { (key: String) in WebCatalog.text(key, v.language) }
        do {
            let done = try await body()
            return CandidatePages.redirect("/b/races/\(r.race.id)?\(done)=1", headers: v.cookies)
        } catch let e as EndorseError {
            switch e.code {
            case .unauthorized:
                return shared.invalidLink(v.language).response(.notFound, headers: v.cookies)
            case .notFound: return try await refuse(.unprocessableContent, form, [.init(message: t("errNoBallotToWithdraw"))])
            case .raceNotOpen: return try await refuse(.conflict, form, [.init(message: t("errBallotClosed"))])
            case .recused, .orgInactive, .notOnRoster, .forbidden:
                return try await refuse(.forbidden, form, [.init(message: t("errBallotRecused"))])
            case .invalidBallot, .notOnBallot, .duplicateCandidate, .invalidBody:
                return try await refuse(.unprocessableContent, form, [.init(message: e.message)])
            default: throw e
            }
        }
    }

    /// `GET /b/candidates/<id>`: a candidate's submitted answers, question by question.
    func answers(_ request: Request, _ context: Context) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session else { return shared.invalidLink(v.language).response(.notFound, headers: v.cookies) }
        let state = try await OrgBallots(store: store).candidateAnswers(session, candidate: context.parameters.get("candidate") ?? "")
        let views = CandidateViews(state: state, language: v.language, editable: false)
        let name = state.candidate.ballotName ?? state.candidate.name
        let race = state.cycle.race(state.candidate.race)
        var c: [String: Any] = ["rows": views.rows(state.submitted), "hasAnswers": !state.submitted.isEmpty,
                                "heading": views.t("answersTitle", name), "race": state.candidate.race]
        c["backText"] = views.t("backRace", race.map { WebText.resolve($0.name, v.language).text } ?? state.candidate.race)
        return shared.page(views, title: views.t("answersTitle", name), BallotTemplates.answers, c)
            .response(headers: v.cookies)
    }

    func page(_ views: BallotViews, title: String, _ template: String, _ context: [String: Any]) -> WebPage {
        let cycleName = views.cycle.name.text(for: views.language.rawValue)
        return WebPage(language: views.language, title: "\(title) — \(cycleName)", siteName: views.cycle.name,
                       coalition: views.cycle.coalition.name, template: Self.template(template), context: context)
    }

    /// Templates parsed once.
    static let templates: [String: MustacheTemplateBox] = {
        var out: [String: MustacheTemplateBox] = [:]
        for t in [BallotTemplates.overview, BallotTemplates.race, BallotTemplates.review, BallotTemplates.answers] {
            out[t] = MustacheTemplateBox(WebPage.template(t))
        }
        return out
    }()

    static func template(_ text: String) -> MustacheTemplate? { templates[text]?.template ?? WebPage.template(text) }
}

extension BallotViews {
    func raceTitle(_ r: OrgRace) -> String { r.race.name.text(for: language.rawValue) }
}

extension BallotViews.Shown {
    init(message: String) { self.init(field: nil, message: message) }
}
