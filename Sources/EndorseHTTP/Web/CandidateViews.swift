import EndorseCore
import EndorseStore

/// Template contexts of the candidate's pages, from the store's `QuestionnaireState`.
struct CandidateViews {
    let state: QuestionnaireState
    let language: WebLanguage
    /// Whether answers may still change (before `questionnaire_closes`).
    let editable: Bool

    var cycle: Cycle { state.cycle }
    func t(_ key: String, _ args: String...) -> String { WebCatalog.text(key, language, args: args) }

    var deadlineText: String {
        cycle.questionnaireCloses.map { WebDates.deadline($0, language) } ?? t("noDeadline")
    }

    func moment(_ utc: String) -> String { WebDates.moment(utc, zone: cycle.questionnaireCloses, language) }

    /// Questions answered in `values` (stored texts by question id).
    func answeredCount(_ values: [String: String]) -> Int {
        cycle.questionnaire.filter { values[$0.id].map { !$0.isEmpty } ?? false }.count
    }

    func overview(thanks: Bool) -> [String: Any] {
        var c: [String: Any] = [
            "thanks": thanks,
            "hello": t("hello", state.candidate.name),
            "intro": t("overviewIntro", cycle.coalition.name),
            "electionDay": WebDates.day(cycle.electionDate, language),
            "deadlineText": deadlineText,
            "total": cycle.questionnaire.count,
            "answered": answeredCount(state.working),
            "progressText": t("progress", String(answeredCount(state.working)), String(cycle.questionnaire.count)),
            "closed": !editable,
            "closedText": cycle.questionnaireCloses.map { t("readOnly", WebDates.deadline($0, language)) } ?? "",
        ]
        if let race = cycle.race(state.candidate.race) {
            c.merge(WebText.fields("race", race.name, language)) { $1 }
        } else {
            c["race"] = state.candidate.race
        }
        if let saved = state.draftSavedAt, state.draft != nil {
            c["statusText"] = t("statusDraft", moment(saved))
        } else if let at = state.submittedAt {
            c["statusText"] = t("statusSubmitted", moment(at))
        } else {
            c["statusText"] = t("statusNone")
        }
        if let decision = state.decision, decision.status != "pending" {
            c["hasDecision"] = true
            c["decisionText"] = decision.status == "endorsed"
                ? t("decisionEndorsed", decision.endorsed.joined(separator: ", ")) : t("decisionNone")
        }
        let started = state.draft != nil || state.submittedAt != nil
        c["mainAction"] = !editable ? t("seeAnswers") : started ? t("editAnswers") : t("start")
        return c
    }

    /// The questionnaire form with `values` (stored or as typed) and errors by question id.
    func questions(values: [String: String], errors: [(question: String?, message: String)],
                   csrf: String, notice: String?) -> [String: Any] {
        let byQuestion = Dictionary(errors.compactMap { e in e.question.map { ($0, e.message) } }) { a, _ in a }
        let total = cycle.questionnaire.count
        let items: [[String: Any]] = cycle.questionnaire.enumerated().map { i, q in
            question(q, number: i + 1, total: total, value: values[q.id] ?? "", error: byQuestion[q.id])
        }
        var c = errorContext(errors)
        c["questions"] = items
        c["csrf"] = csrf
        c["editable"] = editable
        c["hasNotice"] = notice != nil
        c["notice"] = notice ?? ""
        return c
    }

    func question(_ q: Question, number: Int, total: Int, value: String, error: String?) -> [String: Any] {
        var c = WebText.fields("text", q.text, language)
        c["id"] = q.id
        c["numberText"] = t("questionNumber", String(number), String(total))
        c["hasError"] = error != nil
        c["errorText"] = error ?? ""
        c["value"] = value
        c["editable"] = editable
        var describedBy: [String] = []
        var hint: String?
        var options: [(value: String, label: LocalizedText)] = []
        switch q.kind {
        case .yesNo:
            options = [("yes", LocalizedText(t("yes"))), ("no", LocalizedText(t("no")))]
        case .scale(let low, let high):
            hint = t("scaleHint", String(low), String(high))
            options = (low...high).map { v in
                let label = v == low ? "\(v) (\(t("scaleLeast")))" : v == high ? "\(v) (\(t("scaleMost")))" : "\(v)"
                return (String(v), LocalizedText(label))
            }
            c["isScale"] = true
        case .choice(let choices):
            options = choices.map { ($0.id, $0.label) }
        case .text:
            c["isText"] = true
            if let max = q.maxWords {
                c["hasMaxWords"] = true
                c["maxWords"] = max
                c["limitText"] = t("wordLimit", String(max))
                describedBy.append("\(q.id)-hint")
            }
        }
        if let hint {
            c["hasHint"] = true
            c["hint"] = hint
            describedBy.append("\(q.id)-hint")
        }
        if error != nil { describedBy.insert("\(q.id)-error", at: 0) }
        c["hasDescribedBy"] = !describedBy.isEmpty
        c["describedBy"] = describedBy.joined(separator: " ")
        c["options"] = options.map { o -> [String: Any] in
            var oc = WebText.fields("label", o.label, language)
            oc["inputID"] = "\(q.id)--\(o.value)"
            oc["field"] = q.id
            oc["value"] = o.value
            oc["checked"] = o.value == value
            oc["invalid"] = error != nil
            return oc
        }
        return c
    }

    /// The anchor an error links to: the textarea, or the group's first radio button.
    func target(_ question: Question) -> String {
        switch question.kind {
        case .text: question.id
        case .yesNo: "\(question.id)--yes"
        case .scale(let low, _): "\(question.id)--\(low)"
        case .choice(let options): "\(question.id)--\(options.first?.id ?? "")"
        }
    }

    func errorContext(_ errors: [(question: String?, message: String)]) -> [String: Any] {
        let total = cycle.questionnaire.count
        let position = Dictionary(uniqueKeysWithValues: cycle.questionnaire.enumerated().map { ($1.id, $0 + 1) })
        let list: [[String: Any]] = errors.map { e in
            guard let id = e.question, let q = cycle.question(id) else {
                return ["hasTarget": false, "message": e.message]
            }
            return ["hasTarget": true, "target": target(q), "message": e.message,
                    "label": t("questionNumber", String(position[id] ?? 0), String(total))]
        }
        return ["hasErrors": !errors.isEmpty, "errorList": list]
    }

    /// An answer as the candidate reads it: yes/no in the page's language, the option's label,
    /// the number, or the text as written. Nil when unanswered.
    func display(_ q: Question, _ stored: String?) -> (text: String, lang: String?)? {
        guard let stored, !stored.isEmpty else { return nil }
        switch q.kind {
        case .yesNo: return (stored == "yes" ? t("yes") : t("no"), nil)
        case .choice(let options):
            guard let o = options.first(where: { $0.id == stored }) else { return (stored, nil) }
            return WebText.resolve(o.label, language)
        case .scale, .text: return (stored, nil)
        }
    }

    func rows(_ values: [String: String]) -> [[String: Any]] {
        cycle.questionnaire.map { q in
            var c = WebText.fields("text", q.text, language)
            let shown = display(q, values[q.id])
            c["answered"] = shown != nil
            c["answer"] = shown?.text ?? ""
            c["answerLang"] = shown?.lang ?? ""
            c["hasAnswerLang"] = shown?.lang != nil
            return c
        }
    }

    func review(values: [String: String], csrf: String, errors: [(question: String?, message: String)],
                notice: String?) -> [String: Any] {
        let missing = cycle.questionnaire.count - answeredCount(values)
        var c = errorContext(errors)
        c["rows"] = rows(values)
        c["csrf"] = csrf
        c["editable"] = editable
        c["missingText"] = missing == 0 ? t("allAnswered") : missing == 1 ? t("missingOne") : t("missingMany", String(missing))
        c["hasNotice"] = notice != nil
        c["notice"] = notice ?? ""
        return c
    }

    func print(blank: Bool) -> [String: Any] {
        var rows = self.rows(blank ? [:] : state.working)
        for (i, q) in cycle.questionnaire.enumerated() {
            rows[i]["blank"] = blank
            switch q.kind {
            case .yesNo: rows[i]["choices"] = [t("yes"), t("no")]
            case .scale(let low, let high): rows[i]["choices"] = (low...high).map(String.init)
            case .choice(let options): rows[i]["choices"] = options.map { $0.label.text(for: language.rawValue) }
            case .text:
                rows[i]["isText"] = true
                if let max = q.maxWords {
                    rows[i]["hasMaxWords"] = true
                    rows[i]["limitText"] = t("wordLimit", String(max))
                }
            }
            rows[i]["hasChoices"] = rows[i]["choices"] != nil
        }
        return ["rows": rows,
                "subtitle": blank ? t("printBlankNote") : t("printFor", state.candidate.name)]
    }
}
