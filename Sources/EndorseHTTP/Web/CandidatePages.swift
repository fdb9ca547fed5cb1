import EndorseCore
import EndorseStore
import Foundation
import Hummingbird
import Logging

/// The candidate's pages `/q/...` (web.md "Candidates"). They write only through the store's
/// operations (`Questionnaires`, which submits through the one answers write path).
struct CandidatePages: Sendable {
    typealias Context = BasicRequestContext
    let store: ActingStore

    func register(_ router: Router<Context>) {
        router.get("/q/:token") { request, context in await self.guarded(request, context) { try await self.open($0, $1) } }
        router.get("/q") { request, context in await self.guarded(request, context) { try await self.overview($0, $1) } }
        router.get("/q/questions") { request, context in await self.guarded(request, context) { try await self.questions($0, $1) } }
        router.post("/q/questions") { request, context in await self.guarded(request, context) { try await self.postQuestions($0, $1) } }
        router.get("/q/review") { request, context in await self.guarded(request, context) { try await self.review($0, $1) } }
        router.post("/q/review") { request, context in await self.guarded(request, context) { try await self.postReview($0, $1) } }
        router.get("/q/print") { request, context in await self.guarded(request, context) { try await self.print($0, $1, blank: false) } }
        router.get("/q/print/blank") { request, context in await self.guarded(request, context) { try await self.print($0, $1, blank: true) } }
    }

    /// What every request starts from: its language (and the cookie recording a `?lang=`
    /// choice), whether it came over https, and its session, if any.
    struct Visit {
        var language: WebLanguage
        var secure: Bool
        var sessionID: String?
        var session: LinkSession?
        var cookies: [(String, String)]
    }

    /// The visit of a page of `holder` kind: a session of the other kind counts as none.
    func visit(_ request: Request, holder: LinkHolder.Kind = .candidate) async throws -> Visit {
        let query = request.uri.queryParameters["lang"].map(String.init)
        let language = WebLanguage.resolve(query: query, cookie: WebSecurity.cookie(request, WebSecurity.languageCookie),
                                           acceptLanguage: request.headers[.acceptLanguage])
        let secure = WebSecurity.isHTTPS(request)
        var cookies: [(String, String)] = []
        if let query, WebLanguage(rawValue: query.lowercased()) != nil {
            cookies.append(("Set-Cookie", WebSecurity.languageCookieValue(language, secure: secure)))
        }
        let sessionID = WebSecurity.cookie(request, WebSecurity.sessionCookie)
        var session: LinkSession?
        if let sessionID {
            let sessions = WebSessions(store: store)
            session = try await sessions.resume(sessionID: sessionID)
            if session?.holder.kind != holder { session = nil }
        }
        return Visit(language: language, secure: secure, sessionID: sessionID, session: session, cookies: cookies)
    }

    /// Runs a handler; the database being away is a 503 page, anything unexpected a 500 page.
    func guarded(_ request: Request, _ context: Context,
                 _ body: (Request, Context) async throws -> Response) async -> Response {
        do {
            return try await body(request, context)
        } catch {
            let language = WebLanguage.resolve(query: nil, cookie: WebSecurity.cookie(request, WebSecurity.languageCookie),
                                               acceptLanguage: request.headers[.acceptLanguage])
            if DatabaseFailure.isUnavailable(error) {
                return message(language, "unavailable").response(.serviceUnavailable)
            }
            if let e = error as? EndorseError, e.code == .notFound { return invalidLink(language).response(.notFound) }
            context.logger.error("page failed", metadata: ["error": "\(String(reflecting: error))"])
            return message(language, "failed").response(.internalServerError)
        }
    }

    // MARK: Pages

    /// `GET /q/<token>`: starts (or keeps) the session, then sends the browser to `/q`, so the
    /// token leaves the address bar and the history.
    func open(_ request: Request, _ context: Context) async throws -> Response {
        var v = try await visit(request)
        let token = context.parameters.get("token") ?? ""
        let sessions = WebSessions(store: store)
        let current = v.sessionID
        guard let opened = try await sessions.open(token: token, kind: .candidate, currentSessionID: current) else {
            return invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        if let id = opened.newSessionID {
            v.cookies.append(("Set-Cookie", WebSecurity.sessionCookieValue(id, secure: v.secure)))
        }
        return Self.redirect("/q", headers: v.cookies)
    }

    func overview(_ request: Request, _ context: Context) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session else { return invalidLink(v.language).response(.notFound, headers: v.cookies) }
        let views = try await self.views(session, v.language)
        let thanks = request.uri.queryParameters["submitted"] != nil
        return page(views, title: WebCatalog.text("overviewTitle", v.language), CandidateTemplates.overview,
                    views.overview(thanks: thanks)).response(headers: v.cookies)
    }

    func questions(_ request: Request, _ context: Context) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session, let sessionID = v.sessionID else {
            return invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        let views = try await self.views(session, v.language)
        var notice: String?
        if !views.editable {
            notice = views.cycle.questionnaireCloses.map { views.t("readOnly", WebDates.deadline($0, v.language)) }
        } else if request.uri.queryParameters["saved"] != nil, let at = views.state.draftSavedAt {
            notice = views.t("saved", views.moment(at))
        }
        let c = views.questions(values: views.state.working, errors: [], csrf: WebSecurity.csrfToken(sessionID: sessionID),
                                notice: notice)
        return page(views, title: views.t("questionsTitle"), CandidateTemplates.questions, c).response(headers: v.cookies)
    }

    /// `POST /q/questions`: `action=save` keeps a draft, `action=review` keeps it and goes to the
    /// review page. Refusals, in order: 404 (no session), 413, 403 (CSRF), 409 (closed), 422.
    func postQuestions(_ request: Request, _ context: Context) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session, let sessionID = v.sessionID else {
            return invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        let views = try await self.views(session, v.language)
        let csrf = WebSecurity.csrfToken(sessionID: sessionID)
        let title = views.t("questionsTitle")
        func refuse(_ status: HTTPResponse.Status, _ values: [String: String],
                    _ errors: [(question: String?, message: String)], editable: Bool? = nil) -> Response {
            let shown = CandidateViews(state: views.state, language: v.language, editable: editable ?? views.editable)
            return page(shown, title: title, CandidateTemplates.questions,
                        shown.questions(values: values, errors: errors, csrf: csrf, notice: nil))
                .response(status, headers: v.cookies)
        }
        let body: FormBody
        do { body = try await FormBody.read(request) } catch FormBody.Failure.tooLarge {
            return refuse(.contentTooLarge, views.state.working, [(nil, views.t("errTooLarge"))])
        }
        let form = QuestionnaireForm(body, cycle: views.cycle, language: v.language)
        guard WebSecurity.csrfMatches(body["csrf"], sessionID: sessionID) else {
            return refuse(.forbidden, form.values, [(nil, views.t("errCSRF"))])
        }
        guard views.editable else { return refuse(.conflict, form.values, [(nil, closedText(views))], editable: false) }
        let action = body["action"]
        guard action == "save" || action == "review" else {
            return refuse(.unprocessableContent, form.values, form.errors + [(nil, views.t("errAction"))])
        }
        guard form.errors.isEmpty else { return refuse(.unprocessableContent, form.values, form.errors) }
        let questionnaires = Questionnaires(store: store)
        do {
            try await questionnaires.saveDraft(session, answers: form.answers)
        } catch let e as EndorseError where e.code == .questionnaireClosed {
            return refuse(.conflict, form.values, [(nil, closedText(views))], editable: false)
        }
        return Self.redirect(action == "save" ? "/q/questions?saved=1" : "/q/review", headers: v.cookies)
    }

    func review(_ request: Request, _ context: Context) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session, let sessionID = v.sessionID else {
            return invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        let views = try await self.views(session, v.language)
        let notice = views.editable ? nil : closedText(views)
        let c = views.review(values: views.state.working, csrf: WebSecurity.csrfToken(sessionID: sessionID),
                             errors: [], notice: notice)
        return page(views, title: views.t("reviewTitle"), CandidateTemplates.review, c).response(headers: v.cookies)
    }

    /// `POST /q/review` with `action=submit`: the draft becomes the candidate's answers.
    func postReview(_ request: Request, _ context: Context) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session, let sessionID = v.sessionID else {
            return invalidLink(v.language).response(.notFound, headers: v.cookies)
        }
        let views = try await self.views(session, v.language)
        let csrf = WebSecurity.csrfToken(sessionID: sessionID)
        func refuse(_ status: HTTPResponse.Status, _ errors: [(question: String?, message: String)],
                    editable: Bool? = nil) -> Response {
            let shown = CandidateViews(state: views.state, language: v.language, editable: editable ?? views.editable)
            return page(shown, title: views.t("reviewTitle"), CandidateTemplates.review,
                        shown.review(values: views.state.working, csrf: csrf, errors: errors, notice: nil))
                .response(status, headers: v.cookies)
        }
        let body: FormBody
        do { body = try await FormBody.read(request) } catch FormBody.Failure.tooLarge {
            return refuse(.contentTooLarge, [(nil, views.t("errTooLarge"))])
        }
        guard WebSecurity.csrfMatches(body["csrf"], sessionID: sessionID) else {
            return refuse(.forbidden, [(nil, views.t("errCSRF"))])
        }
        guard views.editable else { return refuse(.conflict, [(nil, closedText(views))], editable: false) }
        guard body["action"] == "submit" else { return refuse(.unprocessableContent, [(nil, views.t("errAction"))]) }
        let questionnaires = Questionnaires(store: store)
        do {
            _ = try await questionnaires.submit(session)
        } catch let e as EndorseError where e.code == .questionnaireClosed {
            return refuse(.conflict, [(nil, closedText(views))], editable: false)
        } catch let e as EndorseError where e.code == .invalidInput {
            return refuse(.unprocessableContent, [(e.location, e.message)])
        }
        return Self.redirect("/q?submitted=1", headers: v.cookies)
    }

    func print(_ request: Request, _ context: Context, blank: Bool) async throws -> Response {
        let v = try await visit(request)
        guard let session = v.session else { return invalidLink(v.language).response(.notFound, headers: v.cookies) }
        let views = try await self.views(session, v.language)
        return page(views, title: views.t("printTitle"), CandidateTemplates.print, views.print(blank: blank))
            .response(headers: v.cookies)
    }

    // MARK: Helpers

    func views(_ session: LinkSession, _ language: WebLanguage) async throws -> CandidateViews {
        let questionnaires = Questionnaires(store: store)
        let state = try await questionnaires.state(session)
        let now = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
        return CandidateViews(state: state, language: language,
                              editable: state.cycle.questionnaireIsOpen(atUnixMicroseconds: now))
    }

    func closedText(_ views: CandidateViews) -> String {
        views.t("errClosed", views.cycle.questionnaireCloses.map { WebDates.deadline($0, views.language) } ?? "")
    }

    func page(_ views: CandidateViews, title: String, _ template: String, _ context: [String: Any]) -> WebPage {
        let cycleName = views.cycle.name.text(for: views.language.rawValue)
        return WebPage(language: views.language, title: "\(title) — \(cycleName)", siteName: views.cycle.name,
                       coalition: views.cycle.coalition.name, template: Self.template(template), context: context)
    }

    /// The plain 404 page of an unknown, revoked or expired link: it names nobody.
    func invalidLink(_ language: WebLanguage) -> WebPage {
        WebPage(language: language, title: WebCatalog.text("invalidTitle", language), siteName: nil, coalition: nil,
                template: Self.template(WebTemplates.invalidLink), context: [:])
    }

    /// A page of one message of the catalog (`key` + `Title`, `key` + `Body`), naming nobody.
    func message(_ language: WebLanguage, _ key: String) -> WebPage {
        let title = WebCatalog.text(key + "Title", language)
        return WebPage(language: language, title: title, siteName: nil, coalition: nil,
                       template: Self.template(WebTemplates.message),
                       context: ["heading": title, "text": WebCatalog.text(key + "Body", language)])
    }

    /// Templates parsed once.
    static let templates: [String: MustacheTemplateBox] = {
        var out: [String: MustacheTemplateBox] = [:]
        for t in [CandidateTemplates.overview, CandidateTemplates.questions, CandidateTemplates.review,
                  CandidateTemplates.print, WebTemplates.invalidLink, WebTemplates.message] {
            out[t] = MustacheTemplateBox(WebPage.template(t))
        }
        return out
    }()

    static func template(_ text: String) -> MustacheTemplate? { templates[text]?.template ?? WebPage.template(text) }

    static func redirect(_ location: String, headers extra: [(String, String)]) -> Response {
        var headers = WebSecurity.pageHeaders()
        headers[.location] = location
        for (name, value) in extra { WebSecurity.append(&headers, name, value) }
        return Response(status: .seeOther, headers: headers, body: .init())
    }
}

import Mustache

/// A parsed template, Sendable for a static table.
struct MustacheTemplateBox: Sendable {
    let template: MustacheTemplate?
    init(_ template: MustacheTemplate?) { self.template = template }
}
