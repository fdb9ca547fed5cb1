/// What an edited cycle file changes that could invalidate recorded data (answers, reviews,
/// ballots, scores). Pure: the store decides, from what it has recorded, whether to refuse.
public struct CycleDiff: Hashable, Sendable {
    /// One change, e.g. `question q-safety: kind text -> scale`.
    public struct Change: Hashable, Sendable, CustomStringConvertible {
        public enum Subject: String, Hashable, Sendable { case question, race, plank }

        public var subject: Subject
        public var id: String
        /// True when the item is gone from the new file; false when it was changed.
        public var removed: Bool
        /// What changed (`kind yes_no -> scale`, `seats 1 -> 2`); empty for a removal.
        public var details: [String]

        public init(subject: Subject, id: String, removed: Bool, details: [String] = []) {
            self.subject = subject
            self.id = id
            self.removed = removed
            self.details = details
        }

        public var description: String {
            removed ? "\(subject.rawValue) \(id) removed"
                    : "\(subject.rawValue) \(id): \(details.joined(separator: ", "))"
        }
    }

    /// In the order: planks, races, questions, each in the old file's order.
    public let changes: [Change]

    /// Compares an old cycle with its edited version.
    public init(from old: Cycle, to new: Cycle) {
        var changes: [Change] = []
        for plank in old.platform where new.plank(plank.id) == nil {
            changes.append(Change(subject: .plank, id: plank.id, removed: true))
        }
        for race in old.races {
            guard let edited = new.race(race.id) else {
                changes.append(Change(subject: .race, id: race.id, removed: true))
                continue
            }
            var details: [String] = []
            if race.method != edited.method {
                details.append("method \(race.method.rawValue) -> \(edited.method.rawValue)")
            }
            if race.seats != edited.seats { details.append("seats \(race.seats) -> \(edited.seats)") }
            // Counting the same ballots another way changes the result: like the method.
            if race.method == .stv, edited.method == .stv, race.stvArithmetic != edited.stvArithmetic {
                details.append("stv_arithmetic \(race.stvArithmetic.rawValue) -> \(edited.stvArithmetic.rawValue)")
            }
            if !details.isEmpty { changes.append(Change(subject: .race, id: race.id, removed: false, details: details)) }
        }
        for question in old.questionnaire {
            guard let edited = new.question(question.id) else {
                changes.append(Change(subject: .question, id: question.id, removed: true))
                continue
            }
            let details = CycleDiff.kindChanges(question.kind, edited.kind)
            if !details.isEmpty {
                changes.append(Change(subject: .question, id: question.id, removed: false, details: details))
            }
        }
        self.changes = changes
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// Ids of removed questions and of questions whose kind/scale/options/max_points changed:
    /// their recorded answers and reviews would no longer fit.
    public var affectedQuestions: [String] { changes.filter { $0.subject == .question }.map(\.id) }
    /// Ids of removed races and races whose method, seats or stv arithmetic changed: their
    /// ballots would no longer fit, or would count differently.
    public var affectedRaces: [String] { changes.filter { $0.subject == .race }.map(\.id) }
    /// Ids of removed planks.
    public var removedPlanks: [String] { changes.filter { $0.subject == .plank }.map(\.id) }

    /// How a question's answer domain changed. Option labels and scores may change freely (scores
    /// are recomputed); a removed option id invalidates answers naming it, a new one does not.
    static func kindChanges(_ old: QuestionKind, _ new: QuestionKind) -> [String] {
        switch (old, new) {
        case (.yesNo, .yesNo):
            return []
        case let (.scale(a, b), .scale(c, d)):
            return a == c && b == d ? [] : ["scale \(a)..\(b) -> \(c)..\(d)"]
        case let (.choice(before), .choice(after)):
            let kept = Set(after.map(\.id))
            let gone = before.map(\.id).filter { !kept.contains($0) }
            return gone.isEmpty ? [] : ["options removed: \(gone.joined(separator: ", "))"]
        case let (.text(a), .text(b)):
            return a == b ? [] : ["max_points \(a) -> \(b)"]
        default:
            return ["kind \(old.name) -> \(new.name)"]
        }
    }
}
