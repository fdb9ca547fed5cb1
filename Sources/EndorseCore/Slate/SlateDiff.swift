/// What changed between two slates (`endorse slate diff OLD NEW`): races added or removed, race
/// statuses, endorsements added, removed and rescinded.
public struct SlateDiff: Hashable, Sendable {
    public struct Endorsement: Hashable, Sendable {
        public var race: String
        public var candidate: String
        /// The candidate's name as the slate shows it.
        public var name: String
    }

    public struct StatusChange: Hashable, Sendable {
        public var race: String
        public var from: String
        public var to: String
    }

    public var cycle: String
    public var oldVersion: Int?
    public var newVersion: Int?
    /// Race ids in NEW's order.
    public var racesAdded: [String]
    /// Race ids in OLD's order.
    public var racesRemoved: [String]
    /// Races present in both whose status changed, in NEW's order.
    public var statusChanged: [StatusChange]
    /// In NEW's race and endorsement order.
    public var endorsementsAdded: [Endorsement]
    /// Endorsements of OLD that NEW no longer has, other than by a rescission.
    public var endorsementsRemoved: [Endorsement]
    /// Rescissions NEW lists and OLD does not.
    public var rescinded: [SlateRescission]

    public var isEmpty: Bool {
        racesAdded.isEmpty && racesRemoved.isEmpty && statusChanged.isEmpty && endorsementsAdded.isEmpty
            && endorsementsRemoved.isEmpty && rescinded.isEmpty
    }

    /// Compares two parsed slates. Throws when either is not a slate or they are of different cycles.
    public init(old: JSONValue, new: JSONValue) throws(EndorseError) {
        let o = try Self.read(old, "OLD"), n = try Self.read(new, "NEW")
        guard o.cycle == n.cycle else {
            throw EndorseError(.invalidInput, "OLD is a slate of cycle \(o.cycle), NEW of cycle \(n.cycle)")
        }
        cycle = n.cycle
        oldVersion = o.version
        newVersion = n.version
        let oldIDs = Set(o.races.map(\.id)), newIDs = Set(n.races.map(\.id))
        racesAdded = n.races.map(\.id).filter { !oldIDs.contains($0) }
        racesRemoved = o.races.map(\.id).filter { !newIDs.contains($0) }
        let oldByID = Dictionary(o.races.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newByID = Dictionary(n.races.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        statusChanged = n.races.compactMap { r in
            guard let before = oldByID[r.id], before.status != r.status else { return nil }
            return StatusChange(race: r.id, from: before.status, to: r.status)
        }
        let oldRescinded = Set(o.rescinded)
        rescinded = n.rescinded.filter { !oldRescinded.contains($0) }
        let newlyRescinded = Set(rescinded.map { "\($0.race)\u{0}\($0.candidate)" })
        endorsementsAdded = n.races.flatMap { r in
            let before = Set((oldByID[r.id]?.endorsements ?? []).map(\.candidate))
            return r.endorsements.filter { !before.contains($0.candidate) }
        }
        endorsementsRemoved = o.races.flatMap { r in
            let after = Set((newByID[r.id]?.endorsements ?? []).map(\.candidate))
            return r.endorsements.filter {
                !after.contains($0.candidate) && !newlyRescinded.contains("\(r.id)\u{0}\($0.candidate)")
            }
        }
    }

    /// `{"cycle", "old_version", "new_version", "races_added", "races_removed", "status_changed",
    /// "endorsements_added", "endorsements_removed", "rescinded"}`.
    public var json: JSONValue {
        func e(_ x: Endorsement) -> JSONValue {
            .object(["race": .string(x.race), "candidate": .string(x.candidate), "name": .string(x.name)])
        }
        return .object([
            "cycle": .string(cycle),
            "old_version": oldVersion.map(JSONValue.int) ?? .null,
            "new_version": newVersion.map(JSONValue.int) ?? .null,
            "races_added": .strings(racesAdded),
            "races_removed": .strings(racesRemoved),
            "status_changed": .array(statusChanged.map {
                .object(["race": .string($0.race), "from": .string($0.from), "to": .string($0.to)])
            }),
            "endorsements_added": .array(endorsementsAdded.map(e)),
            "endorsements_removed": .array(endorsementsRemoved.map(e)),
            "rescinded": .array(rescinded.map(\.json)),
        ])
    }

    /// A table `change  race  candidate  detail`, or one line saying nothing changed.
    public var table: String {
        let versions = "v\(oldVersion.map(String.init) ?? "?") -> v\(newVersion.map(String.init) ?? "?")"
        if isEmpty { return "no differences (\(cycle) \(versions))\n" }
        var t = TextTable(["change", "race", "candidate", "detail"])
        for r in racesAdded { t.append(["race added", r, "", ""]) }
        for r in racesRemoved { t.append(["race removed", r, "", ""]) }
        for s in statusChanged { t.append(["status", s.race, "", "\(s.from) -> \(s.to)"]) }
        for x in endorsementsAdded { t.append(["endorsed", x.race, x.candidate, x.name]) }
        for x in endorsementsRemoved { t.append(["removed", x.race, x.candidate, x.name]) }
        for x in rescinded { t.append(["rescinded", x.race, x.candidate, x.reason]) }
        return "\(cycle) \(versions)\n" + t.render()
    }

    // MARK: reading a slate

    private struct RaceView {
        var id: String
        var status: String
        var endorsements: [Endorsement]
    }

    private struct View {
        var cycle: String
        var version: Int?
        var races: [RaceView]
        var rescinded: [SlateRescission]
    }

    private static func read(_ doc: JSONValue, _ which: String) throws(EndorseError) -> View {
        guard let cycle = doc["cycle"]?["id"]?.stringValue, let races = doc["races"]?.arrayValue else {
            throw EndorseError(.invalidInput, "\(which) is not a slate (no cycle id or races)")
        }
        var views: [RaceView] = []
        for r in races {
            guard let id = r["id"]?.stringValue else {
                throw EndorseError(.invalidInput, "\(which) has a race without an id")
            }
            let endorsements = (r["endorsements"]?.arrayValue ?? []).compactMap { e -> Endorsement? in
                guard let c = e["candidate"]?["id"]?.stringValue else { return nil }
                return Endorsement(race: id, candidate: c, name: e["candidate"]?["name"]?.stringValue ?? c)
            }
            views.append(RaceView(id: id, status: r["status"]?.stringValue ?? "?", endorsements: endorsements))
        }
        let rescinded = (doc["rescinded"]?.arrayValue ?? []).compactMap { x -> SlateRescission? in
            guard let race = x["race"]?.stringValue, let c = x["candidate"]?.stringValue else { return nil }
            return SlateRescission(race: race, candidate: c, reason: x["reason"]?.stringValue ?? "",
                                   at: x["at"]?.stringValue ?? "")
        }
        let version: Int? = if case .number(let v)? = doc["version"] { Int(v) } else { nil }
        return View(cycle: cycle, version: version, races: views, rescinded: rescinded)
    }
}
