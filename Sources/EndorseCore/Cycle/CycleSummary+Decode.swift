/// Reading back the JSON of `CycleSummary.json`, for the store, which saves it.
extension CycleSummary {
    /// The cycle `CycleSummary.json(cycle)` was made from; nil when `json` is not such a document.
    /// No validation beyond shape: the JSON is only ever written from a validated cycle.
    public static func cycle(from json: JSONValue) -> Cycle? {
        let languages = json["languages"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let text = { (v: JSONValue?) in Self.text(v, languages: languages) }
        guard let id = json["id"]?.stringValue, let name = text(json["name"]),
              let date = json["election_date"]?.stringValue,
              let coalitionName = json["coalition"]?["name"]?.stringValue,
              let r = json["rules"], let rules = Self.rules(r),
              let races = json["races"]?.arrayValue?.map({ Self.race($0, text: text) }),
              let planks = json["platform"]?.arrayValue?.map({ Self.plank($0, text: text) }),
              let questions = json["questionnaire"]?.arrayValue?.map({ Self.question($0, text: text) }),
              let publish = PublishAnswers(rawValue: json["publish_answers"]?.stringValue ?? "endorsed")
        else { return nil }
        let allRaces = races.compactMap { $0 }, allPlanks = planks.compactMap { $0 }
        let allQuestions = questions.compactMap { $0 }
        guard allRaces.count == races.count, allPlanks.count == planks.count,
              allQuestions.count == questions.count else { return nil }
        return Cycle(id: id, name: name, electionDate: date, jurisdiction: json["jurisdiction"]?.stringValue,
                     coalition: Coalition(name: coalitionName, url: json["coalition"]?["url"]?.stringValue),
                     rules: rules, races: allRaces, platform: allPlanks, questionnaire: allQuestions,
                     questionnaireCloses: json["questionnaire_closes"]?.stringValue.flatMap(OffsetDateTime.init(parsing:)),
                     publishAnswers: publish)
    }

    typealias TextReader = (JSONValue?) -> LocalizedText?

    /// A display text: a string, or an object of language to text in `languages` order.
    static func text(_ value: JSONValue?, languages: [String]) -> LocalizedText? {
        if let s = value?.stringValue { return LocalizedText(s) }
        guard let object = value?.objectValue else { return nil }
        let entries = languages.compactMap { l in object[l]?.stringValue.map { (language: l, text: $0) } }
        guard entries.count == object.count else { return nil }
        return LocalizedText(entries: entries)
    }

    static func fixed4(_ value: JSONValue?) -> Fixed4? {
        guard case .number(let text)? = value else { return nil }
        return Fixed4(parsing: text)
    }

    static func int(_ value: JSONValue?) -> Int? {
        guard case .number(let text)? = value else { return nil }
        return Int(text)
    }

    static func rules(_ json: JSONValue) -> Rules? {
        guard let complete = json["require_complete"]?.boolValue, let minScore = fixed4(json["min_overall_score"]),
              let quorum = fixed4(json["quorum"]), let strict = json["quorum_strict"]?.boolValue,
              let threshold = fixed4(json["threshold"]),
              let base = json["threshold_base"]?.stringValue.flatMap(ThresholdBase.init(rawValue:)),
              let sealed = json["results_sealed"]?.boolValue else { return nil }
        return Rules(requireComplete: complete, minOverallScore: minScore, quorum: quorum,
                     quorumStrict: strict, threshold: threshold, thresholdBase: base, resultsSealed: sealed)
    }

    static func race(_ json: JSONValue, text: TextReader) -> Race? {
        guard let id = json["id"]?.stringValue, let name = text(json["name"]),
              let seats = int(json["seats"]),
              let method = json["method"]?.stringValue.flatMap(TallyMethod.init(rawValue:)),
              let max = int(json["max_endorsements"]) else { return nil }
        return Race(id: id, name: name, division: json["division"]?.stringValue, seats: seats,
                    method: method, maxEndorsements: max, quorum: fixed4(json["quorum"]),
                    threshold: fixed4(json["threshold"]),
                    thresholdBase: json["threshold_base"]?.stringValue.flatMap(ThresholdBase.init(rawValue:)),
                    stvArithmetic: json["stv_arithmetic"]?.stringValue.flatMap(STVArithmetic.init(rawValue:)) ?? .exact)
    }

    static func plank(_ json: JSONValue, text: TextReader) -> Plank? {
        guard let id = json["id"]?.stringValue, let title = text(json["title"]),
              let weight = fixed4(json["weight"]) else { return nil }
        return Plank(id: id, title: title, section: text(json["section"]), weight: weight,
                     minScore: fixed4(json["min_score"]))
    }

    static func question(_ json: JSONValue, text read: TextReader) -> Question? {
        guard let id = json["id"]?.stringValue, let text = read(json["text"]),
              let mappings = json["planks"]?.arrayValue else { return nil }
        let kind: QuestionKind
        switch json["kind"]?.stringValue {
        case "yes_no": kind = .yesNo
        case "scale":
            guard let low = int(json["scale"]?["min"]), let high = int(json["scale"]?["max"]) else { return nil }
            kind = .scale(min: low, max: high)
        case "choice":
            guard let items = json["options"]?.arrayValue else { return nil }
            let options = items.compactMap { o -> ChoiceOption? in
                guard let id = o["id"]?.stringValue, let label = read(o["label"]),
                      let score = fixed4(o["score"]) else { return nil }
                return ChoiceOption(id: id, label: label, score: score)
            }
            guard options.count == items.count else { return nil }
            kind = .choice(options: options)
        case "text":
            guard let points = int(json["max_points"]) else { return nil }
            kind = .text(maxPoints: points)
        default:
            return nil
        }
        let planks = mappings.compactMap { m -> PlankMapping? in
            guard let plank = m["plank"]?.stringValue, let weight = fixed4(m["weight"]) else { return nil }
            return PlankMapping(plank: plank, weight: weight,
                                favors: m["favors"]?.stringValue.flatMap(Favors.init(rawValue:)))
        }
        guard planks.count == mappings.count else { return nil }
        return Question(id: id, text: text, kind: kind, planks: planks, maxWords: int(json["max_words"]))
    }
}
