import Yams

/// The platform and questionnaire sections, and the checks that tie them together.
extension CycleReader {
    struct PlankEntry {
        var plank: Plank?
        /// The id as written (even when invalid), so references to it are not reported twice.
        var rawId: String?
        var idMark: Mark?
        var isDuplicate: Bool
    }

    struct PlatformRead {
        var planks: [PlankEntry]
        var rawIds: Set<String> { Set(planks.compactMap(\.rawId)) }
    }

    struct QuestionRead {
        var question: Question?
        /// Every plank id this question's mappings name, as written.
        var feeds: [String]
    }

    static let plankKeys = ["id", "title", "section", "weight", "min_score"]
    static let questionKeys = ["id", "text", "kind", "planks", "scale", "options", "max_points",
                               "max_words"]

    // MARK: Platform

    mutating func platform(_ node: Node) -> PlatformRead? {
        guard let items = list(node, "platform", noun: "plank") else { return nil }
        var seen: [String: Int] = [:]
        var entries: [PlankEntry] = []
        for (i, item) in items.enumerated() {
            let path = CyclePath.index("platform", i)
            guard let map = MapReader(item, path: path, known: Self.plankKeys, what: "a plank",
                                      sink: &sink) else {
                entries.append(PlankEntry(plank: nil, rawId: nil, idMark: nil, isDuplicate: false))
                continue
            }
            let rawId = map.optional("id").flatMap(\.scalar).map(\.string)
            let id = required(map, "id", Scalars.identifier)
            var isDuplicate = false
            if let (id, mark) = id {
                isDuplicate = seen[id] != nil
                noteDuplicate(id, index: i, seen: &seen, list: "platform", what: "plank", mark: mark)
            }
            let title = requiredText(map, "title")
            let section = optionalText(map, "section")
            let weight = weight(map, "weight", required: true)
            let minScore = decimal(map, "min_score", in: .zero...Fixed4(integer: 100),
                                   rangeText: "between 0 and 100")
            var plank: Plank?
            if let id = id?.0, let title, let weight {
                plank = Plank(id: id, title: title, section: section, weight: weight, minScore: minScore)
            }
            entries.append(PlankEntry(plank: plank, rawId: rawId, idMark: id?.1 ?? map.mark,
                                      isDuplicate: isDuplicate))
        }
        return PlatformRead(planks: entries)
    }

    /// Every plank must be fed by at least one question.
    mutating func checkFed(_ platform: PlatformRead, _ questions: [QuestionRead]) {
        let fed = Set(questions.flatMap(\.feeds))
        for (i, entry) in platform.planks.enumerated() {
            guard let id = entry.plank?.id, !entry.isDuplicate, !fed.contains(id) else { continue }
            sink.add(CyclePath.key(CyclePath.index("platform", i), "id"), entry.idMark,
                     "plank \"\(id)\" is not fed by any question (every plank needs at least one "
                     + "question mapping to it)")
        }
    }

    // MARK: Questionnaire

    /// `planks`: the plank ids of the platform as written, or nil when the platform is unreadable
    /// (then references are not checked).
    mutating func questionnaire(_ node: Node, planks: Set<String>?) -> [QuestionRead]? {
        guard let items = list(node, "questionnaire", noun: "question") else { return nil }
        var seen: [String: Int] = [:]
        var reads: [QuestionRead] = []
        for (i, item) in items.enumerated() {
            reads.append(question(item, index: i, seen: &seen, planks: planks))
        }
        return reads
    }

    mutating func question(_ node: Node, index: Int, seen: inout [String: Int],
                           planks: Set<String>?) -> QuestionRead {
        let path = CyclePath.index("questionnaire", index)
        guard let map = MapReader(node, path: path, known: Self.questionKeys, what: "a question",
                                  sink: &sink) else { return QuestionRead(question: nil, feeds: []) }
        let id = required(map, "id", Scalars.identifier)
        if let (id, mark) = id {
            noteDuplicate(id, index: index, seen: &seen, list: "questionnaire", what: "question",
                          mark: mark)
        }
        let text = requiredText(map, "text")
        let kindName = questionKindName(map)
        let kind = questionKind(map, name: kindName)
        let maxWords = self.maxWords(map, kind: kindName)
        var feeds: [String] = []
        var mappings: [PlankMapping]?
        if let node = map.required("planks", sink: &sink) {
            mappings = plankMappings(node, path: map.sub("planks"), kind: kindName, planks: planks,
                                     feeds: &feeds)
        }
        guard let id = id?.0, let text, let kind, let mappings, let maxWords else {
            return QuestionRead(question: nil, feeds: feeds)
        }
        return QuestionRead(question: Question(id: id, text: text, kind: kind, planks: mappings,
                                               maxWords: maxWords.value),
                            feeds: feeds)
    }

    /// Wraps an optional `max_words` so "absent" differs from "invalid".
    struct MaxWordsValue { var value: Int? }

    /// `max_words`: a whole number >= 1, for text questions only (the kind check reports it on
    /// other kinds).
    mutating func maxWords(_ map: MapReader, kind: String?) -> MaxWordsValue? {
        guard map.optional("max_words") != nil else { return MaxWordsValue(value: nil) }
        guard kind == "text" else { return kind == nil ? nil : MaxWordsValue(value: nil) }
        guard let (value, mark) = optional(map, "max_words", Scalars.integer) else { return nil }
        guard value >= 1 else {
            sink.add(map.sub("max_words"), mark, "max_words must be at least 1, not \(value)")
            return nil
        }
        return MaxWordsValue(value: value)
    }

    /// `yes_no`, `scale`, `choice` or `text`; nil when missing or unknown (reported).
    mutating func questionKindName(_ map: MapReader) -> String? {
        guard let (name, mark) = required(map, "kind", Scalars.text) else { return nil }
        guard ["yes_no", "scale", "choice", "text"].contains(name) else {
            sink.add(map.sub("kind"), mark, "unknown kind \"\(name)\" (use yes_no, scale, choice or text)")
            return nil
        }
        return name
    }

    /// The kind with its details; `scale`/`options`/`max_points` must be present exactly for
    /// their kind.
    mutating func questionKind(_ map: MapReader, name: String?) -> QuestionKind? {
        let owners = ["scale": "scale", "options": "choice", "max_points": "text", "max_words": "text"]
        if let name {
            for (key, owner) in owners.sorted(by: { $0.key < $1.key }) where owner != name {
                if let entry = map.entries.first(where: { $0.key == key }) {
                    sink.add(map.sub(key), entry.keyMark,
                             "\"\(key)\" is only for \(owner) questions, and this one is \(name)")
                }
            }
        }
        switch name {
        case "yes_no": return .yesNo
        case "scale":
            guard let node = map.required("scale", sink: &sink) else { return nil }
            return scale(node, path: map.sub("scale"))
        case "choice":
            guard let node = map.required("options", sink: &sink) else { return nil }
            return options(node, path: map.sub("options")).map { .choice(options: $0) }
        case "text":
            guard let (points, mark) = required(map, "max_points", Scalars.integer) else { return nil }
            guard points >= 1 else {
                sink.add(map.sub("max_points"), mark, "max_points must be at least 1, not \(points)")
                return nil
            }
            return .text(maxPoints: points)
        default:
            return nil
        }
    }

    mutating func scale(_ node: Node, path: String) -> QuestionKind? {
        guard let map = MapReader(node, path: path, known: ["min", "max"], what: "scale",
                                  sink: &sink) else { return nil }
        let low = required(map, "min", Scalars.integer)?.0
        let high = required(map, "max", Scalars.integer)
        guard let low, let (high, mark) = high else { return nil }
        guard low < high else {
            sink.add(map.sub("max"), mark, "scale max (\(high)) must be greater than min (\(low))")
            return nil
        }
        return .scale(min: low, max: high)
    }

    mutating func options(_ node: Node, path: String) -> [ChoiceOption]? {
        guard let items = list(node, path, noun: "option") else { return nil }
        var seen: [String: Int] = [:]
        var options: [ChoiceOption] = []
        for (j, item) in items.enumerated() {
            guard let map = MapReader(item, path: CyclePath.index(path, j),
                                      known: ["id", "label", "score"], what: "an option",
                                      sink: &sink) else { continue }
            let id = required(map, "id", Scalars.identifier)
            if let (id, mark) = id {
                noteDuplicate(id, index: j, seen: &seen, list: path, what: "option", mark: mark)
            }
            let label = requiredText(map, "label")
            let score = decimal(map, "score", in: .zero...(.one), rangeText: "between 0 and 1",
                                required: true)
            if let id = id?.0, let label, let score {
                options.append(ChoiceOption(id: id, label: label, score: score))
            }
        }
        return options.count == items.count && !items.isEmpty ? options : nil
    }

    mutating func plankMappings(_ node: Node, path: String, kind: String?, planks: Set<String>?,
                                feeds: inout [String]) -> [PlankMapping]? {
        guard let items = list(node, path, noun: "plank mapping (- plank: <plank id>)") else {
            return nil
        }
        var seen: [String: Int] = [:]
        var mappings: [PlankMapping] = []
        for (j, item) in items.enumerated() {
            let itemPath = CyclePath.index(path, j)
            guard let map = MapReader(item, path: itemPath, known: ["plank", "weight", "favors"],
                                      what: "a plank mapping", sink: &sink) else { continue }
            let plank = required(map, "plank", Scalars.text)
            if let (plank, mark) = plank {
                feeds.append(plank)
                if let planks, !planks.contains(plank) {
                    sink.add(map.sub("plank"), mark, "unknown plank \"\(plank)\" (not in the platform)")
                } else if let first = seen[plank] {
                    sink.add(map.sub("plank"), mark, "this question already feeds plank \"\(plank)\" "
                             + "(\(CyclePath.index(path, first)))")
                } else {
                    seen[plank] = j
                }
            }
            let weight: Fixed4? = map.optional("weight") == nil ? .one : weight(map, "weight", required: false)
            let favors = favors(map, kind: kind)
            if let plank = plank?.0, let weight, let favors {
                mappings.append(PlankMapping(plank: plank, weight: weight, favors: favors.value))
            }
        }
        return mappings.count == items.count && !items.isEmpty ? mappings : nil
    }

    /// Wraps an optional `favors` so "absent, as required" differs from "invalid".
    struct FavorsValue { var value: Favors? }

    mutating func favors(_ map: MapReader, kind: String?) -> FavorsValue? {
        let path = map.sub("favors")
        switch kind {
        case "yes_no", "scale":
            let allowed = kind == "yes_no" ? "\"yes\" or \"no\"" : "high or low"
            guard let node = map.optional("favors") else {
                let present = map.entries.first { $0.key == "favors" }
                sink.add(path, present?.value.mark ?? map.mark, "missing required key \"favors\" "
                         + "(a \(kind ?? "") question must say which answer the plank favors: \(allowed))")
                return nil
            }
            guard case .scalar(let scalar) = node,
                  let value = Self.favorsValue(scalar.string, tag: node.tagName, kind: kind ?? "") else {
                sink.add(path, node.mark, "favors must be \(allowed) for a \(kind ?? "") question, "
                         + "not \(Node.describe(node))")
                return nil
            }
            return FavorsValue(value: value)
        case "choice", "text":
            if let entry = map.entries.first(where: { $0.key == "favors" }) {
                let why = kind == "choice" ? "the option scores say what is favored"
                                           : "reviewers' rubric points say what is favored"
                sink.add(path, entry.keyMark, "favors is not used by \(kind ?? "") questions (\(why))")
                return nil
            }
            return FavorsValue(value: nil)
        default:
            return nil // unknown kind: already reported
        }
    }

    /// yes_no: the strings `yes`/`no` and the YAML booleans true/false; scale: `high`/`low`.
    static func favorsValue(_ text: String, tag: Tag.Name, kind: String) -> Favors? {
        if kind == "scale" {
            guard tag == .str, text == "high" || text == "low" else { return nil }
            return Favors(rawValue: text)
        }
        switch text {
        case "yes", "no": return Favors(rawValue: text)
        case "true", "True", "TRUE": return tag == .bool ? .yes : nil
        case "false", "False", "FALSE": return tag == .bool ? .no : nil
        default: return nil
        }
    }
}
