import Yams

/// Walks a composed cycle file, building the model and recording every issue on the way.
/// Any issue means no cycle: the caller throws the collected issues.
struct CycleReader {
    var sink: IssueSink
    /// The languages of the first display-text map read, and where it is.
    var languageReference: (languages: [String], path: String)?

    init(sink: IssueSink) { self.sink = sink }

    static let topKeys = ["id", "name", "election_date", "jurisdiction", "coalition",
                          "questionnaire_closes", "publish_answers", "rules", "races", "platform",
                          "questionnaire"]
    static let ruleKeys = ["require_complete", "min_overall_score", "quorum", "quorum_strict",
                           "threshold", "threshold_base", "results_sealed"]
    static let raceKeys = ["id", "name", "division", "seats", "method", "max_endorsements",
                           "quorum", "threshold", "threshold_base", "stv_arithmetic"]

    // MARK: Field helpers

    /// Reads `key` with `read`; reports it when missing. Returns the value and its mark.
    mutating func required<T>(_ map: MapReader, _ key: String,
                              _ read: (Node, String, inout IssueSink) -> T?) -> (T, Mark?)? {
        guard let node = map.required(key, sink: &sink) else { return nil }
        return read(node, map.sub(key), &sink).map { ($0, node.mark) }
    }

    /// Reads `key` with `read` when present; nil when absent or invalid (invalid is reported).
    mutating func optional<T>(_ map: MapReader, _ key: String,
                              _ read: (Node, String, inout IssueSink) -> T?) -> (T, Mark?)? {
        guard let node = map.optional(key) else { return nil }
        return read(node, map.sub(key), &sink).map { ($0, node.mark) }
    }

    /// Reports `message` at `path` unless `ok`.
    mutating func check(_ ok: Bool, _ path: String, _ mark: Mark?, _ message: @autoclosure () -> String) {
        if !ok { sink.add(path, mark, message()) }
    }

    /// A decimal in `range`, checked; the value only when in range.
    mutating func decimal(_ map: MapReader, _ key: String, in range: ClosedRange<Fixed4>,
                          rangeText: String, required: Bool = false) -> Fixed4? {
        let field = required ? self.required(map, key, Scalars.decimal)
                             : optional(map, key, Scalars.decimal)
        guard let (value, mark) = field else { return nil }
        guard range.contains(value) else {
            sink.add(map.sub(key), mark, "\(key) must be \(rangeText), not \(value)")
            return nil
        }
        return value
    }

    /// A positive weight (> 0, at most 4 fractional digits).
    mutating func weight(_ map: MapReader, _ key: String, required: Bool) -> Fixed4? {
        let field = required ? self.required(map, key, Scalars.decimal)
                             : optional(map, key, Scalars.decimal)
        guard let (value, mark) = field else { return nil }
        guard value > .zero else {
            sink.add(map.sub(key), mark, "\(key) must be greater than 0, not \(value)")
            return nil
        }
        return value
    }

    /// A non-empty list; reports an empty one as "must list at least one <noun>".
    mutating func list(_ node: Node, _ path: String, noun: String) -> [Node]? {
        guard let items = Scalars.sequence(node, path, sink: &sink) else { return nil }
        if items.isEmpty { sink.add(path, node.mark, "must list at least one \(noun)") }
        return items
    }

    // MARK: The document

    mutating func cycle(_ root: Node) -> Cycle? {
        guard let map = MapReader(root, path: "", known: Self.topKeys, what: "a cycle file",
                                  sink: &sink) else { return nil }
        let id = required(map, "id", Scalars.identifier)?.0
        let name = requiredText(map, "name")
        let date = required(map, "election_date", Scalars.date)?.0
        let jurisdiction = optional(map, "jurisdiction", Scalars.text)?.0
        let coalition = map.required("coalition", sink: &sink).flatMap { self.coalition($0) }
        let closes = deadline(map)
        let publish = publishAnswers(map)
        let rules = map.optional("rules").map { self.rules($0) } ?? Rules()
        let races = map.required("races", sink: &sink).flatMap { self.races($0) }
        let platform = map.required("platform", sink: &sink).flatMap { self.platform($0) }
        // An empty platform or questionnaire is reported once, not once per reference to it.
        let planks = platform.flatMap { $0.planks.isEmpty ? nil : $0.rawIds }
        let questions = map.required("questionnaire", sink: &sink).flatMap {
            self.questionnaire($0, planks: planks)
        }
        if let platform, let questions, !questions.isEmpty { checkFed(platform, questions) }
        guard sink.isEmpty, let id, let name, let date, let coalition, let rules, let races,
              let platform, let questions, let publish else { return nil }
        return Cycle(id: id, name: name, electionDate: date, jurisdiction: jurisdiction,
                     coalition: coalition, rules: rules, races: races,
                     platform: platform.planks.compactMap(\.plank),
                     questionnaire: questions.compactMap(\.question), questionnaireCloses: closes,
                     publishAnswers: publish)
    }

    mutating func coalition(_ node: Node) -> Coalition? {
        guard let map = MapReader(node, path: "coalition", known: ["name", "url"],
                                  what: "coalition", sink: &sink) else { return nil }
        let name = required(map, "name", Scalars.text)?.0
        var url = optional(map, "url", Scalars.text)?.0
        if let u = url, !WebAddress.isValid(u) {
            sink.add(map.sub("url"), map.optional("url")?.mark, WebAddress.message)
            url = nil
        }
        return name.map { Coalition(name: $0, url: url) }
    }

    mutating func rules(_ node: Node) -> Rules? {
        guard let map = MapReader(node, path: "rules", known: Self.ruleKeys, what: "rules",
                                  sink: &sink) else { return nil }
        var rules = Rules()
        if let v = optional(map, "require_complete", Scalars.bool)?.0 { rules.requireComplete = v }
        if let v = decimal(map, "min_overall_score", in: .zero...Fixed4(integer: 100),
                           rangeText: "between 0 and 100") { rules.minOverallScore = v }
        if let v = decimal(map, "quorum", in: .zero...(.one), rangeText: "between 0 and 1") {
            rules.quorum = v
        }
        if let v = optional(map, "quorum_strict", Scalars.bool)?.0 { rules.quorumStrict = v }
        if let v = decimal(map, "threshold", in: Fixed4(units: 5_000)...(.one),
                           rangeText: "between 0.5 and 1") { rules.threshold = v }
        if let v = thresholdBase(map) { rules.thresholdBase = v }
        if let v = optional(map, "results_sealed", Scalars.bool)?.0 { rules.resultsSealed = v }
        return rules
    }

    mutating func thresholdBase(_ map: MapReader) -> ThresholdBase? {
        guard let (text, mark) = optional(map, "threshold_base", Scalars.text) else { return nil }
        guard let base = ThresholdBase(rawValue: text) else {
            sink.add(map.sub("threshold_base"), mark,
                     "unknown threshold_base \"\(text)\" (use cast, eligible or continuing)")
            return nil
        }
        return base
    }

    // MARK: Races

    mutating func races(_ node: Node) -> [Race]? {
        guard let items = list(node, "races", noun: "race") else { return nil }
        var seen: [String: Int] = [:]
        var races: [Race] = []
        for (i, item) in items.enumerated() {
            if let race = race(item, path: CyclePath.index("races", i), index: i, seen: &seen) {
                races.append(race)
            }
        }
        return races.count == items.count ? races : nil
    }

    mutating func race(_ node: Node, path: String, index: Int, seen: inout [String: Int]) -> Race? {
        let hint: (String) -> String? = { key in
            CycleReader.ruleKeys.contains(key)
                ? "only quorum, threshold and threshold_base can be set per race; "
                    + "\"\(key)\" belongs in the cycle's rules" : nil
        }
        guard let map = MapReader(node, path: path, known: Self.raceKeys, what: "a race",
                                  hint: hint, sink: &sink) else { return nil }
        let id = required(map, "id", Scalars.identifier)
        if let (id, mark) = id {
            check(id != "none", map.sub("id"), mark,
                  "\"none\" is reserved (it means no endorsement) and cannot be a race id")
            noteDuplicate(id, index: index, seen: &seen, list: "races", what: "race", mark: mark)
        }
        let name = requiredText(map, "name")
        let division = optional(map, "division", Scalars.text)?.0
        var seats: Int? = 1
        if let (value, mark) = optional(map, "seats", Scalars.integer) {
            check(value >= 1, map.sub("seats"), mark, "seats must be at least 1, not \(value)")
            seats = value >= 1 ? value : nil
        } else if map.optional("seats") != nil {
            seats = nil
        }
        let method = raceMethod(map, seats: seats)
        var maxEndorsements: Int?
        if let (value, mark) = optional(map, "max_endorsements", Scalars.integer) {
            let floor = seats ?? 1
            check(value >= floor, map.sub("max_endorsements"), mark,
                  "max_endorsements must be at least the number of seats (\(floor)), not \(value)")
            maxEndorsements = value
        }
        let quorum = decimal(map, "quorum", in: .zero...(.one), rangeText: "between 0 and 1")
        let threshold = decimal(map, "threshold", in: Fixed4(units: 5_000)...(.one),
                                rangeText: "between 0.5 and 1")
        let base = thresholdBase(map)
        let arithmetic = stvArithmetic(map, method: method)
        guard let id = id?.0, let name, let seats, let method, let arithmetic else { return nil }
        return Race(id: id, name: name, division: division, seats: seats, method: method,
                    maxEndorsements: maxEndorsements, quorum: quorum, threshold: threshold,
                    thresholdBase: base, stvArithmetic: arithmetic)
    }

    /// `stv_arithmetic`: `exact` (default) or `scottish`, and only on an stv race; nil when
    /// reported.
    mutating func stvArithmetic(_ map: MapReader, method: TallyMethod?) -> STVArithmetic? {
        guard let (text, mark) = optional(map, "stv_arithmetic", Scalars.text) else {
            // Absent (default), or present but not text (already reported).
            return map.optional("stv_arithmetic") == nil ? .exact : nil
        }
        let path = map.sub("stv_arithmetic")
        guard let arithmetic = STVArithmetic(rawValue: text) else {
            sink.add(path, mark, "unknown stv_arithmetic \"\(text)\" (use exact or scottish)")
            return nil
        }
        if let method, method != .stv {
            sink.add(path, mark, "stv_arithmetic applies only to a race with method stv, "
                     + "not \(method.rawValue) (remove it)")
            return nil
        }
        return arithmetic
    }

    /// The method, checked against the seats; a conflict names `races[i].method`.
    mutating func raceMethod(_ map: MapReader, seats: Int?) -> TallyMethod? {
        guard let (text, mark) = required(map, "method", Scalars.text) else { return nil }
        let path = map.sub("method")
        guard let method = TallyMethod(rawValue: text) else {
            sink.add(path, mark, "unknown method \"\(text)\" (use irv, threshold, approval or stv)")
            return nil
        }
        switch method {
        case .irv, .threshold:
            if let seats, seats > 1 {
                sink.add(path, mark, "method \(text) elects one candidate, but the race has "
                         + "\(seats) seats (use approval or stv, or seats: 1)")
            }
        case .approval, .stv:
            break
        }
        return method
    }

    /// Records an id; a repeat is reported at this (second) occurrence.
    mutating func noteDuplicate(_ id: String, index: Int, seen: inout [String: Int],
                                list: String, what: String, mark: Mark?) {
        if let first = seen[id] {
            sink.add(CyclePath.key(CyclePath.index(list, index), "id"), mark,
                     "duplicate \(what) id \"\(id)\" (already used by \(CyclePath.index(list, first)))")
        } else {
            seen[id] = index
        }
    }
}
