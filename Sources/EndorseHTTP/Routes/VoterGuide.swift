import EndorseCore
import EndorseStore
import Foundation
import Mustache

/// The public voter guide (`GET /slate/{cycle}`): a published slate version as one HTML page per
/// language, rendered with Mustache — every race, each endorsed candidate with an inline SVG bar
/// chart of its plank scores, races without an endorsement shown as such, and the candidates'
/// answers as the cycle's `publish_answers` says. No JavaScript; readable on a phone. Rendered
/// once per published version (`PublishedSite`), never per request.
enum VoterGuide {
    static let template: MustacheTemplate? = try? MustacheTemplate(string: VoterGuideTemplate.page)
    static let notFoundTemplate: MustacheTemplate? = try? MustacheTemplate(string: VoterGuideTemplate.notFound)

    /// The guide's languages: the cycle's languages the guide has words for, default first;
    /// English alone when the cycle's texts are plain strings (or in no language it speaks).
    static func languages(of cycle: Cycle) -> [WebLanguage] {
        let spoken = cycle.languages.compactMap(WebLanguage.init(rawValue:))
        return spoken.isEmpty ? [.en] : spoken
    }

    /// The page of `publication` in `language`; nil when its bytes are not a slate object.
    static func render(_ publication: Publication, language: WebLanguage) -> String? {
        guard let slate = try? JSONValue.parse(publication.slate.bytes), slate.objectValue != nil,
              let template else { return nil }
        let page = GuidePage(slate: slate, cycle: publication.cycle, answers: publication.answers,
                             language: language, languages: languages(of: publication.cycle))
        return template.render(page.context())
    }

    /// The 404 page before the first publication.
    static func notFound(cycle: String, language: WebLanguage = .en) -> String {
        let context: [String: Any] = [
            "lang": language.rawValue,
            "title": GuideWords.text("notFoundTitle", language),
            "body": GuideWords.text("notFoundBody", language, cycle),
        ]
        return notFoundTemplate?.render(context) ?? "no slate published for \(cycle)"
    }

    /// Width of a bar in SVG units (the plank's title sits above it in HTML, so it wraps).
    static let barWidth = 300.0

    /// A JSON scalar as display text (numbers in their exact text).
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "yes" : "no"
        case .null: "n/a"
        default: v.canonicalString
        }
    }

    /// The file name of the guide in `language` (beside `/slate/{cycle}`, so relative links work
    /// from both and from a static site).
    static func fileName(cycle: String, language: WebLanguage) -> String {
        "\(cycle).\(language.rawValue).html"
    }
}

/// One rendering of the guide: the slate, the cycle's texts in one language and the answers.
struct GuidePage {
    let slate: JSONValue
    let cycle: Cycle
    let answers: GuideAnswers
    let language: WebLanguage
    let languages: [WebLanguage]

    var code: String { language.rawValue }

    /// A cycle text in the page's language, with `lang` set when it falls back to another.
    func localized(_ text: LocalizedText?, fallback: String) -> [String: Any] {
        guard let text else { return ["text": fallback] }
        let (value, lang) = text.resolved(for: code)
        var out: [String: Any] = ["text": value]
        if let lang, lang != code { out["lang"] = lang }
        return out
    }

    /// A Mustache context without its nil values (a nil would render as "nil").
    static func clean(_ values: [String: Any?]) -> [String: Any] { values.compactMapValues { $0 } }

    func word(_ key: String, _ args: String...) -> String {
        var text = GuideWords.text(key, language)
        for (i, arg) in args.enumerated() { text = text.replacingOccurrences(of: "%\(i + 1)", with: arg) }
        return text
    }

    func context() -> [String: Any] {
        let cycleJSON = slate["cycle"]?.objectValue ?? [:]
        let coalition = slate["coalition"]?.objectValue ?? [:]
        let cycleID = cycleJSON["id"].map(VoterGuide.text) ?? cycle.id
        let races: [[String: Any]] = (slate["races"]?.arrayValue ?? []).map(race)
        let rescinded: [[String: Any]] = (slate["rescinded"]?.arrayValue ?? []).map {
            ["race": $0["race"].map(VoterGuide.text) ?? "", "candidate": $0["candidate"].map(VoterGuide.text) ?? "",
             "reason": $0["reason"].map(VoterGuide.text) ?? ""]
        }
        let switcher: [[String: Any]] = languages.count < 2 ? [] : languages.map {
            ["code": $0.rawValue, "name": $0.selfName, "current": $0 == language,
             "href": VoterGuide.fileName(cycle: cycleID, language: $0)]
        }
        let title = localized(cycle.name, fallback: cycleJSON["name"].map(VoterGuide.text) ?? "Voter guide")
        return Self.clean([
            "lang": code,
            "t": GuideWords.all(language),
            "title": title["text"] ?? "",
            "pageTitleLang": title["lang"],
            "cycleID": cycleID,
            "electionDate": cycleJSON["election_date"].map(VoterGuide.text) ?? "",
            "coalition": coalition["name"].map(VoterGuide.text) ?? "",
            "coalitionURL": coalition["url"]?.stringValue,
            "members": (coalition["member_organizations"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue },
            "versionLine": word("version", slate["version"].map(VoterGuide.text) ?? "",
                                slate["published_at"].map(VoterGuide.text) ?? ""),
            "jsonHref": "../v1/cycles/\(cycleID)/slate",
            "languages": switcher,
            "hasLanguages": !switcher.isEmpty,
            "races": races,
            "hasRescinded": !rescinded.isEmpty,
            "rescinded": rescinded,
            "answersShown": answers.mode != .none && !answers.candidates.isEmpty,
        ])
    }

    func race(_ race: JSONValue) -> [String: Any] {
        let id = race["id"].map(VoterGuide.text) ?? ""
        let status = race["status"]?.stringValue ?? "pending"
        let endorsements = (race["endorsements"]?.arrayValue ?? []).map { endorsement($0, race: id) }
        // stv: the slate's order is the order of election, which readers should know.
        let stv = (race["endorsements"]?.arrayValue ?? []).contains { $0["vote"]?["method"] == .string("stv") }
        let seats = race["seats"].map(VoterGuide.text) ?? "1"
        let name = localized(cycle.races.first { $0.id == id }?.name,
                             fallback: race["name"]?.stringValue ?? id)
        let label = status == "endorsed" ? word("endorsed")
            : status == "no_endorsement" ? word("noEndorsement") : word("pending")
        let shown = answers.candidates.filter { $0.race == id }
        let others = shown.filter { !$0.endorsed }.map { answered($0) }
        let howChosen: String? = stv ? word("stv", seats) : nil
        let compared: [String: Any]? = answers.mode == .all && !shown.isEmpty
            ? comparison(shown, raceName: name["text"] as? String ?? id) : nil
        return Self.clean([
            "howChosen": howChosen,
            "id": id,
            "name": name["text"] ?? id,
            "nameLang": name["lang"],
            "endorsedNames": endorsements.compactMap { $0["name"] as? String }.joined(separator: ", "),
            "status": status,
            "statusLabel": label,
            "endorsed": !endorsements.isEmpty,
            "endorsements": endorsements,
            "comparison": compared,
            "others": others,
            "hasOthers": !others.isEmpty,
        ])
    }

    func endorsement(_ e: JSONValue, race: String) -> [String: Any] {
        let candidate = e["candidate"] ?? .null
        let planks = e["scores"]?["planks"]?.objectValue ?? [:]
        let name = candidate["name"].map(VoterGuide.text) ?? ""
        let bars: [[String: Any]] = cycle.platform.map(\.id).filter { planks[$0] != nil }.map { id in
            let value = planks[id] ?? .null
            let score = Double(VoterGuide.text(value)) ?? 0   // display only
            let title = localized(cycle.platform.first { $0.id == id }?.title, fallback: id)
            let scoreText = value == .null ? "n/a" : VoterGuide.text(value)
            return Self.clean([
                "title": title["text"] ?? id,
                "titleLang": title["lang"],
                "label": word("barLabel", title["text"] as? String ?? id, scoreText),
                "score": scoreText,
                "width": String(format: "%.1f", max(0, min(100, score)) / 100 * VoterGuide.barWidth),
                "barWidth": Int(VoterGuide.barWidth),
                "chartWidth": Int(VoterGuide.barWidth) + 44,
                "scoreX": Int(VoterGuide.barWidth) + 6,
            ])
        }
        let website = candidate["website"]?.stringValue
        let id = candidate["id"]?.stringValue ?? ""
        let shown = answers.candidates.first { $0.id == id && $0.race == race }
        return Self.clean([
            "name": name,
            "ballotLine": word("ballotAs", candidate["ballot_name"].map(VoterGuide.text) ?? ""),
            "overallLine": word("overall", e["scores"]?["overall"].map(VoterGuide.text) ?? "n/a"),
            "chartLabel": word("chartLabel", name),
            "incumbent": candidate["incumbent"] == .bool(true),
            "website": website,
            "bars": bars,
            "answers": shown.map(answerList),
        ])
    }
}
