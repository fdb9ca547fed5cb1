import EndorseCore

/// A posted questionnaire form (web.md "Form contract"): one field per question named by its
/// id, `action`, `csrf`. Every value goes through `Question.parseAnswer(cell:)`, the rules the
/// CSV import and the API use (domain, line endings, `max_words`).
struct QuestionnaireForm {
    /// What the visitor sent, by question id, to show again on a refused post.
    var values: [String: String] = [:]
    /// Every question's answer when the form is valid (nil: unanswered).
    var answers: [String: Answer?] = [:]
    /// Problems by question id (nil: a problem with the form as a whole).
    var errors: [(question: String?, message: String)] = []

    static let reserved: Set<String> = ["csrf", "action"]

    init(_ form: FormBody, cycle: Cycle, language: WebLanguage) {
        for (name, value) in form.fields where !Self.reserved.contains(name) {
            guard cycle.question(name) != nil else {
                errors.append((nil, WebCatalog.text("errUnknownField", language, name)))
                continue
            }
            if values[name] == nil { values[name] = value }
        }
        for question in cycle.questionnaire {
            let raw = values[question.id] ?? ""
            do {
                answers[question.id] = .some(try question.parseAnswer(cell: raw))
            } catch {
                errors.append((question.id, Self.message(error, question: question, language)))
            }
        }
    }

    /// The page's words for an answer refused by the rules of Core.
    static func message(_ problem: AnswerProblem, question: Question, _ language: WebLanguage) -> String {
        switch problem.code {
        case .notYesNo: return WebCatalog.text("errNotYesNo", language)
        case .unknownOption: return WebCatalog.text("errOption", language)
        case .containsNUL: return WebCatalog.text("errNUL", language)
        case .tooManyWords:
            let w = problem.words
            return WebCatalog.text("errWords", language, String(w?.count ?? 0), String(w?.limit ?? 0))
        default:
            if case .scale(let low, let high) = question.kind {
                return WebCatalog.text("errRange", language, String(low), String(high))
            }
            return problem.message
        }
    }
}
