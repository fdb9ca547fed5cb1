/// The human summary of a cycle (`endorse cycle check`, `cycle show`) and its faithful JSON.
public enum CycleSummary {
    /// A header (id, name, election date, counts), the cycle rules, then aligned tables of
    /// races, planks and questions in file order.
    public static func render(_ cycle: Cycle) -> String {
        var out = "\(cycle.id): \(cycle.name), election \(cycle.electionDate): "
            + "\(count(cycle.races.count, "race")), \(count(cycle.platform.count, "plank")), "
            + "\(count(cycle.questionnaire.count, "question"))\n"
        let r = cycle.rules
        out += "Coalition: \(cycle.coalition.name)"
            + (cycle.coalition.url.map { " (\($0))" } ?? "") + "\n"
        if let jurisdiction = cycle.jurisdiction { out += "Jurisdiction: \(jurisdiction)\n" }
        if !cycle.languages.isEmpty { out += "Languages: \(cycle.languages.joined(separator: ", "))\n" }
        if let closes = cycle.questionnaireCloses { out += "Questionnaire closes: \(closes.text)\n" }
        out += "Rules: quorum \(r.quorum)\(r.quorumStrict ? " (strict)" : ""), threshold "
            + "\(r.threshold) of \(r.thresholdBase.rawValue), min overall score \(r.minOverallScore), "
            + "\(r.requireComplete ? "complete answers required" : "incomplete answers allowed"), "
            + "results \(r.resultsSealed ? "sealed" : "visible") while open\n"
        out += "\nRaces\n" + races(cycle).render()
        out += "\nPlanks\n" + planks(cycle).render()
        out += "\nQuestions\n" + questions(cycle).render()
        return out
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func races(_ cycle: Cycle) -> TextTable {
        var table = TextTable(["id", "name", "seats", "method", "max endorsements", "quorum",
                               "threshold"],
                              alignments: [.left, .left, .right, .left, .right, .right, .left])
        for race in cycle.races {
            let rules = cycle.rules(for: race)
            let method = race.method == .stv ? "stv (\(race.stvArithmetic.rawValue))" : race.method.rawValue
            table.append([race.id, race.name.default, String(race.seats), method,
                          String(race.maxEndorsements),
                          rules.quorum.description + (rules.quorumStrict ? " strict" : ""),
                          "\(rules.threshold) of \(rules.thresholdBase.rawValue)"])
        }
        return table
    }

    static func planks(_ cycle: Cycle) -> TextTable {
        var table = TextTable(["id", "weight", "min score", "fed by", "title"],
                              alignments: [.left, .right, .right, .left, .left])
        for plank in cycle.platform {
            let fed = cycle.questionnaire.filter { q in q.planks.contains { $0.plank == plank.id } }
            table.append([plank.id, plank.weight.description, plank.minScore?.description ?? "-",
                          count(fed.count, "question"), plank.title.default])
        }
        return table
    }

    static func questions(_ cycle: Cycle) -> TextTable {
        var table = TextTable(["id", "kind", "planks fed"])
        for question in cycle.questionnaire {
            let kind: String
            switch question.kind {
            case .yesNo: kind = "yes_no"
            case .scale(let low, let high): kind = "scale \(low)..\(high)"
            case .choice(let options): kind = "choice, \(count(options.count, "option"))"
            case .text(let points):
                kind = "text, 0..\(points) points" + (question.maxWords.map { ", max \($0) words" } ?? "")
            }
            let fed = question.planks.map { m in
                var text = m.plank
                if m.weight != .one { text += " x\(m.weight)" }
                if let favors = m.favors { text += " (\(favors.rawValue))" }
                return text
            }
            table.append([question.id, kind, fed.joined(separator: ", ")])
        }
        return table
    }

    /// The whole model as JSON, keys as in the cycle file, defaults filled in (every rule,
    /// mapping weights, `max_endorsements`, `publish_answers`); absent optional values are
    /// `null`. `scale`, `options`, `max_points` and `max_words` appear only on questions of their
    /// kind. A display text is a string, or an object of language to text; `languages` lists
    /// the cycle's languages, default first (empty when every display text is a string).
    public static func json(_ cycle: Cycle) -> JSONValue {
        let r = cycle.rules
        let rules: JSONValue = .object([
            "require_complete": .bool(r.requireComplete),
            "min_overall_score": .fixed4(r.minOverallScore),
            "quorum": .fixed4(r.quorum),
            "quorum_strict": .bool(r.quorumStrict),
            "threshold": .fixed4(r.threshold),
            "threshold_base": .string(r.thresholdBase.rawValue),
            "results_sealed": .bool(r.resultsSealed),
        ])
        return .object([
            "id": .string(cycle.id),
            "name": text(cycle.name),
            "languages": .strings(cycle.languages),
            "questionnaire_closes": .optional(cycle.questionnaireCloses?.text),
            "publish_answers": .string(cycle.publishAnswers.rawValue),
            "election_date": .string(cycle.electionDate),
            "jurisdiction": .optional(cycle.jurisdiction),
            "coalition": .object(["name": .string(cycle.coalition.name),
                                  "url": .optional(cycle.coalition.url)]),
            "rules": rules,
            "races": .array(cycle.races.map(json)),
            "platform": .array(cycle.platform.map(json)),
            "questionnaire": .array(cycle.questionnaire.map(json)),
        ])
    }

    static func json(_ race: Race) -> JSONValue {
        .object([
            "id": .string(race.id),
            "name": text(race.name),
            "division": .optional(race.division),
            "seats": .int(race.seats),
            "method": .string(race.method.rawValue),
            "max_endorsements": .int(race.maxEndorsements),
            "quorum": race.quorum.map(JSONValue.fixed4) ?? .null,
            "threshold": race.threshold.map(JSONValue.fixed4) ?? .null,
            "threshold_base": .optional(race.thresholdBase?.rawValue),
            "stv_arithmetic": race.method == .stv ? .string(race.stvArithmetic.rawValue) : .null,
        ])
    }

    static func json(_ plank: Plank) -> JSONValue {
        .object([
            "id": .string(plank.id),
            "title": text(plank.title),
            "section": plank.section.map(text) ?? .null,
            "weight": .fixed4(plank.weight),
            "min_score": plank.minScore.map(JSONValue.fixed4) ?? .null,
        ])
    }

    static func json(_ question: Question) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(question.id),
            "text": text(question.text),
            "kind": .string(question.kind.name),
            "planks": .array(question.planks.map { m in
                .object(["plank": .string(m.plank), "weight": .fixed4(m.weight),
                         "favors": .optional(m.favors?.rawValue)])
            }),
        ]
        switch question.kind {
        case .yesNo: break
        case .scale(let low, let high): object["scale"] = .object(["min": .int(low), "max": .int(high)])
        case .choice(let options):
            object["options"] = .array(options.map { o in
                .object(["id": .string(o.id), "label": text(o.label), "score": .fixed4(o.score)])
            })
        case .text(let points):
            object["max_points"] = .int(points)
            object["max_words"] = question.maxWords.map(JSONValue.int) ?? .null
        }
        return .object(object)
    }

    /// A display text: its string, or an object of language to text.
    static func text(_ t: LocalizedText) -> JSONValue {
        t.languages.isEmpty ? .string(t.default)
            : .object(Dictionary(uniqueKeysWithValues: t.entries.map { ($0.language, JSONValue.string($0.text)) }))
    }
}
