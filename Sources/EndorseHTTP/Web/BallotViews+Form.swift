import EndorseCore
import EndorseStore

/// The race page's form (web.md "Form contract") and the review step.
extension BallotViews {
    /// A message for the page: a form issue, or a refusal of the whole ballot.
    struct Shown {
        var field: String?
        var message: String
    }

    func message(_ p: BallotForm.Problem) -> String {
        switch p {
        case .nothingChosen: t("errNothingChosen")
        case .bothChosen: t("errBothChosen")
        case .sharedRank(let n): t("errSharedRank", ordinal(n))
        case .gap(let n): t("errGap", ordinal(n))
        case .badRank: t("errBadRank")
        case .notOnBallot(let id): t("errNotOnBallot", id)
        case .unknownField(let name): t("errBallotField", name)
        }
    }

    func shown(_ issues: [BallotForm.Issue]) -> [Shown] {
        issues.map { Shown(field: $0.field, message: message($0.problem)) }
    }

    /// The element a field's error links to, and the label it is listed under.
    func target(_ field: String, _ r: OrgRace) -> (id: String, label: String)? {
        let first = r.candidates.first?.id ?? ""
        if field.hasPrefix("rank-"), let c = r.candidates.first(where: { "rank-\($0.id)" == field }) {
            return (field, name(c))
        }
        switch field {
        case "choice": return ("choice--\(first)", t("chooseLegend"))
        case "approve": return ("approve--\(first)", t("approveLegend"))
        case "special": return ("special--none", t("specialLegend"))
        default: return nil
        }
    }

    /// The race page: heading, notice, read-only reason, current ballot, candidates, the form.
    func racePage(_ r: OrgRace, form: BallotForm, errors: [Shown], csrf: String, notice: String?) -> [String: Any] {
        var c = WebText.fields("raceName", r.race.name, language)
        c.merge(current(r)) { $1 }
        let reason = readOnlyReason(r)
        c["id"] = r.race.id
        c["hasNotice"] = notice != nil
        c["notice"] = notice ?? ""
        c["hasReadOnly"] = reason != nil
        c["readOnly"] = reason ?? ""
        c["candidates"] = candidates(r)
        c["hasCandidates"] = !r.candidates.isEmpty
        c["canVote"] = reason == nil
        c["canWithdraw"] = reason == nil && r.current != nil
        c["formHeading"] = r.current == nil ? t("castHeading") : t("changeHeading")
        c["csrf"] = csrf
        c.merge(formFields(r, form: form, errors: errors)) { $1 }
        let summary = errors.map { e -> [String: Any] in
            guard let field = e.field, let to = target(field, r) else { return ["hasTarget": false, "message": e.message] }
            return ["hasTarget": true, "target": to.id, "label": to.label, "message": e.message]
        }
        c["hasErrors"] = !errors.isEmpty
        c["errorList"] = summary
        return c
    }

    func formFields(_ r: OrgRace, form: BallotForm, errors: [Shown]) -> [String: Any] {
        let n = r.candidates.count
        func errorText(_ field: String) -> String? {
            let texts = errors.filter { $0.field == field }.map(\.message)
            return texts.isEmpty ? nil : texts.joined(separator: " ")
        }
        var c: [String: Any] = [:]
        let method = r.race.method
        c["isRanking"] = method == .irv || method == .stv
        c["isThreshold"] = method == .threshold
        c["isApproval"] = method == .approval
        switch method {
        case .irv: c["how"] = t("howIRV")
        case .stv: c["how"] = t("howSTV", String(r.race.seats))
        case .threshold: c["how"] = t("howThreshold")
        case .approval: c["how"] = t("howApproval", String(r.race.maxEndorsements))
        }
        c["rows"] = r.candidates.map { cand -> [String: Any] in
            let field = "rank-\(cand.id)"
            let value = form.ranks[cand.id] ?? ""
            let error = errorText(field)
            return ["id": cand.id, "name": name(cand), "field": field, "hasError": error != nil, "errorText": error ?? "",
                    "notRanked": value.isEmpty,
                    "options": (0..<n).map { i in
                        ["value": String(i + 1), "label": ordinal(i + 1), "selected": value == String(i + 1)]
                    }]
        }
        c["choices"] = r.candidates.map { cand -> [String: Any] in
            ["id": cand.id, "name": name(cand), "checked": form.picked.contains(cand.id)]
        }
        let groupField = method == .approval ? "approve" : "choice"
        c["groupError"] = errorText(groupField) ?? ""
        c["hasGroupError"] = errorText(groupField) != nil
        c["specials"] = [("none", "", t("specialNone")), ("no_endorsement", "no_endorsement", t("specialNoEndorsement")),
                         ("abstain", "abstain", t("specialAbstain"))].map { id, value, label -> [String: Any] in
            ["id": id, "value": value, "label": label, "checked": form.special == value]
        }
        c["specialError"] = errorText("special") ?? ""
        c["hasSpecialError"] = errorText("special") != nil
        c["jsText"] = [
            "ranked": t("jsRanked"), "unranked": t("jsUnranked"), "up": t("jsUp", "%1"), "down": t("jsDown", "%1"),
            "remove": t("jsRemove", "%1"), "add": t("jsAdd", "%1"), "upShort": t("jsUpShort"),
            "downShort": t("jsDownShort"), "removeShort": t("jsRemoveShort"), "addShort": t("jsAddShort"),
            "moved": t("jsMoved", "%1", "%2", "%3"), "removed": t("jsRemoved", "%1"), "empty": t("jsEmpty"),
        ]
        return c
    }

    /// The review step: the ballot in words, the same fields again (hidden) with Confirm, and
    /// a button back to the form.
    func reviewPage(_ r: OrgRace, form: BallotForm, choice: BallotChoice, fields: [(name: String, value: String)],
                    csrf: String) -> [String: Any] {
        var c = WebText.fields("raceName", r.race.name, language)
        let said = describe(choice, r)
        c["id"] = r.race.id
        c["heading"] = said.heading
        c["lines"] = said.lines
        c["hasLines"] = !said.lines.isEmpty
        c["csrf"] = csrf
        c["hidden"] = fields.filter { $0.name != "csrf" && $0.name != "action" }
            .map { ["name": $0.name, "value": $0.value] }
        return c
    }
}
