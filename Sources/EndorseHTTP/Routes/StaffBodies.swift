import EndorseCore

/// Bodies of the staff write routes, validated by hand against the cycle (api.md).
enum StaffBodies {
    /// `{"answers": {"q-revenue": "yes", "q-class-size": 4, ...}}`: every question of the
    /// questionnaire gets its answer (left out or null: unanswered). yes_no as "yes"/"no" (or a
    /// boolean), scale as an integer, choice as the option id, text as a string.
    static func answers(_ bytes: [UInt8], cycle: Cycle) throws(EndorseError) -> [String: Answer?] {
        let object = try JSONBody.object(bytes).get()
        try JSONBody.refuseUnknown(object, allowed: ["answers"])
        guard let value = object["answers"] else {
            throw EndorseError(.invalidBody, "answers is required: an object of question id to answer", at: "answers")
        }
        guard let given = value.objectValue else {
            throw EndorseError(.invalidBody, "answers must be an object of question id to answer", at: "answers")
        }
        for id in given.keys.sorted(by: Identifier.byteOrder) where cycle.question(id) == nil {
            throw EndorseError(.invalidBody, "unknown field \(id): no question \(id) in cycle \(cycle.id)",
                               at: "answers.\(id)")
        }
        var out: [String: Answer?] = [:]
        for question in cycle.questionnaire {
            guard let v = given[question.id] else { out[question.id] = .some(nil); continue }
            do {
                out[question.id] = .some(try question.parseAnswer(json: v))
            } catch {
                throw EndorseError(.invalidBody, error.message, at: "answers.\(question.id)")
            }
        }
        return out
    }

    /// A review: `{"question": "q-safety", "points": 3, "note": "..."}` (note optional).
    struct Review: Sendable {
        var question: String
        var points: Int
        var note: String?
    }

    static func review(_ bytes: [UInt8], cycle: Cycle) throws(EndorseError) -> Review {
        let object = try JSONBody.object(bytes).get()
        try JSONBody.refuseUnknown(object, allowed: ["note", "points", "question"])
        guard let q = object["question"] else { throw EndorseError(.invalidBody, "question is required", at: "question") }
        guard let id = q.stringValue else { throw EndorseError(.invalidBody, "question must be a string", at: "question") }
        guard let question = cycle.question(id) else {
            throw EndorseError(.invalidBody, "no question \(id) in cycle \(cycle.id)", at: "question")
        }
        guard let p = object["points"] else { throw EndorseError(.invalidBody, "points is required", at: "points") }
        guard let v = p.int64Value, let points = Int(exactly: v) else {
            throw EndorseError(.invalidBody, "points must be a whole number", at: "points")
        }
        var note: String?
        switch object["note"] {
        case nil, .null?: break
        case .string(let s)?: note = s.isEmpty ? nil : s
        default: throw EndorseError(.invalidBody, "note must be a string", at: "note")
        }
        do {
            try question.validateReview(points: points)
        } catch {
            let field = error.message.contains("point") ? "points" : "question"
            throw EndorseError(.invalidBody, error.message, at: field)
        }
        return Review(question: id, points: points, note: note)
    }
}
