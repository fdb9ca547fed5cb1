import EndorseCore
import Foundation
import Mustache

/// The public voter guide (`GET /slate/{cycle}`): the published slate as one HTML page rendered
/// with Mustache — every race, each endorsed candidate with an inline SVG bar chart of its plank
/// scores, races without an endorsement shown as such. No JavaScript; readable on a phone.
enum VoterGuide {
    static let template: MustacheTemplate? = try? MustacheTemplate(string: VoterGuideTemplate.page)
    static let notFoundTemplate: MustacheTemplate? = try? MustacheTemplate(string: VoterGuideTemplate.notFound)

    /// The page for the slate's exact bytes; nil when they are not a slate object.
    static func render(slate bytes: [UInt8]) -> String? {
        guard let slate = try? JSONValue.parse(bytes), slate.objectValue != nil, let template else { return nil }
        return template.render(context(slate))
    }

    /// The 404 page before the first publication.
    static func notFound(cycle: String) -> String {
        notFoundTemplate?.render(["cycle": cycle]) ?? "no slate published for \(cycle)"
    }

    /// Width of a bar in SVG units (the plank's title sits above it in HTML, so it wraps).
    static let barWidth = 300.0

    static func context(_ slate: JSONValue) -> [String: Any] {
        let cycle = slate["cycle"]?.objectValue ?? [:]
        let coalition = slate["coalition"]?.objectValue ?? [:]
        var titles: [String: String] = [:]
        var plankOrder: [String] = []
        for p in slate["platform"]?.arrayValue ?? [] {
            guard let id = p["id"]?.stringValue else { continue }
            titles[id] = p["title"]?.stringValue ?? id
            plankOrder.append(id)
        }
        let races: [[String: Any]] = (slate["races"]?.arrayValue ?? []).map { race in
            let status = race["status"]?.stringValue ?? "pending"
            let endorsements = (race["endorsements"]?.arrayValue ?? []).map {
                endorsement($0, titles: titles, order: plankOrder)
            }
            // stv: the slate's order is the order of election, which readers should know.
            let stv = (race["endorsements"]?.arrayValue ?? []).contains { $0["vote"]?["method"] == .string("stv") }
            let seats = race["seats"].map(text) ?? "1"
            let howChosen: String? = stv
                ? "Chosen by the member organisations' ranked votes (single transferable vote, \(seats) seats), "
                    + "listed in order of election." : nil
            return [
                "howChosen": howChosen as Any,
                "id": race["id"].map(text) ?? "",
                "name": race["name"]?.stringValue ?? race["id"]?.stringValue ?? "",
                "endorsedNames": endorsements.compactMap { $0["name"] as? String }.joined(separator: ", "),
                "seats": race["seats"].map(text) ?? "1",
                "status": status,
                "statusLabel": status == "endorsed" ? "Endorsed" : status == "no_endorsement" ? "No endorsement" : "Decision pending",
                "endorsed": !endorsements.isEmpty,
                "endorsements": endorsements,
            ]
        }
        let rescinded: [[String: Any]] = (slate["rescinded"]?.arrayValue ?? []).map {
            ["race": $0["race"].map(text) ?? "", "candidate": $0["candidate"].map(text) ?? "",
             "reason": $0["reason"].map(text) ?? ""]
        }
        return [
            "title": cycle["name"].map(text) ?? "Voter guide",
            "cycleID": cycle["id"].map(text) ?? "",
            "electionDate": cycle["election_date"].map(text) ?? "",
            "coalition": coalition["name"].map(text) ?? "",
            "coalitionURL": coalition["url"]?.stringValue as Any,
            "members": (coalition["member_organizations"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue },
            "version": slate["version"].map(text) ?? "",
            "publishedAt": slate["published_at"].map(text) ?? "",
            "races": races,
            "hasRescinded": !rescinded.isEmpty,
            "rescinded": rescinded,
        ]
    }

    static func endorsement(_ e: JSONValue, titles: [String: String], order: [String]) -> [String: Any] {
        let candidate = e["candidate"] ?? .null
        let planks = e["scores"]?["planks"]?.objectValue ?? [:]
        let bars: [[String: Any]] = order.filter { planks[$0] != nil }.map { id in
            let value = planks[id] ?? .null
            let score = Double(text(value)) ?? 0   // display only
            return [
                "title": titles[id] ?? id,
                "score": value == .null ? "n/a" : text(value),
                "width": String(format: "%.1f", max(0, min(100, score)) / 100 * barWidth),
                "barWidth": Int(barWidth),
                "chartWidth": Int(barWidth) + 44,
                "scoreX": Int(barWidth) + 6,
            ]
        }
        let website = candidate["website"]?.stringValue
        return [
            "name": candidate["name"].map(text) ?? "",
            "ballotName": candidate["ballot_name"].map(text) ?? "",
            "incumbent": candidate["incumbent"] == .bool(true),
            "website": website as Any,
            "overall": e["scores"]?["overall"].map(text) ?? "n/a",
            "bars": bars,
        ]
    }

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
}
