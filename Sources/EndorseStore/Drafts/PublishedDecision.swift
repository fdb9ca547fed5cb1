import EndorseCore

/// The coalition's published decision for one race, as the latest slate says (web.md: the
/// candidate's overview shows it after the vote).
public struct PublishedDecision: Sendable, Hashable {
    /// `endorsed`, `no_endorsement` or `pending`.
    public var status: String
    /// Names of the endorsed candidates, in the slate's order.
    public var endorsed: [String]
    /// The slate's version.
    public var version: Int

    /// Reads `race` out of a slate's bytes; nil when the bytes are not a slate or lack the race.
    public init?(slate bytes: [UInt8], race: String) {
        guard let slate = try? JSONValue.parse(bytes),
              let entry = slate["races"]?.arrayValue?.first(where: { $0["id"]?.stringValue == race }),
              let status = entry["status"]?.stringValue else { return nil }
        self.status = status
        endorsed = (entry["endorsements"]?.arrayValue ?? []).compactMap { $0["candidate"]?["name"]?.stringValue }
        version = slate["version"]?.int64Value.map { Int($0) } ?? 0
    }
}
