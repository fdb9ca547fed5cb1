/// Pure checks of one ballot against its race (voting.md, "Ballots"): the kind fits the method,
/// lists are non-empty and free of duplicates, every id is on the race's ballot. State, roster
/// and recusal checks belong to whoever holds them (the store).
public enum BallotRules {
    /// Throws `.notOnBallot` for an id not on `ballot`, `.invalidBallot` for anything else.
    public static func validate(_ choice: BallotChoice, method: TallyMethod,
                                ballot: Set<String>) throws(EndorseError) {
        let ids: [String]
        switch choice {
        case .noEndorsement, .abstain:
            return
        case .ranking(let list):
            guard method != .approval else {
                throw EndorseError(.invalidBallot, "an approval race takes an \"approve\" list, not a ranking")
            }
            if method == .threshold && list.count > 1 {
                throw EndorseError(.invalidBallot,
                                   "a threshold race takes a ranking of exactly one candidate, got \(list.count)")
            }
            ids = list
        case .approve(let list):
            guard method == .approval else {
                throw EndorseError(.invalidBallot,
                                   "a\(method == .irv || method == .stv ? "n" : "") \(method.rawValue) race takes a \"ranking\", not an approval list")
            }
            ids = list
        }
        guard !ids.isEmpty else {
            throw EndorseError(.invalidBallot, "the \(choice.kindName) list is empty")
        }
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted {
            throw EndorseError(.invalidBallot, "\(id) appears more than once in the \(choice.kindName) list")
        }
        for id in ids where !ballot.contains(id) {
            throw EndorseError(.notOnBallot, "\(id) is not on the race's ballot")
        }
    }
}

/// `BallotRules.validate` as a yes/no answer for the many ballots of one race, without a set
/// per ballot: ids are looked up by their bytes and duplicates caught by stamping. It passes
/// exactly the ballots `validate` passes, so a caller can ask `validate` only for the others
/// (to word the refusal). Without a ballot (`nil`), every id counts as on it.
struct BallotCheck {
    private var table: IDTable
    private let open: Bool
    /// Every id checked so far (with the ballot's, when one was given).
    var seen: IDTable { table }
    private let method: TallyMethod
    /// `stamp[c] == mark` when id c is already in the current list.
    private var stamp: [Int]
    private var mark = 0

    init(ballot: [String]?, method: TallyMethod) {
        table = IDTable()
        for id in ballot ?? [] { _ = table.insert(id) }
        open = ballot == nil
        self.method = method
        stamp = [Int](repeating: 0, count: table.count)
    }

    mutating func passes(_ choice: BallotChoice) -> Bool {
        let ids: [String]
        switch choice {
        case .noEndorsement, .abstain:
            return true
        case .ranking(let list):
            guard method != .approval, method != .threshold || list.count <= 1 else { return false }
            ids = list
        case .approve(let list):
            guard method == .approval else { return false }
            ids = list
        }
        guard !ids.isEmpty else { return false }
        mark += 1
        for id in ids {
            guard let i = open ? table.insert(id) : table.index(id) else { return false }
            if i == stamp.count { stamp.append(0) }
            guard stamp[i] != mark else { return false }
            stamp[i] = mark
        }
        return true
    }
}

/// Distinct ids, numbered in order of arrival, found by their bytes (FNV-1a, open addressing):
/// several times cheaper than a `Set<String>` for the millions of ids of a big ballots file.
struct IDTable {
    private(set) var ids: [String] = []
    private var bytes: [[UInt8]] = []
    /// Index + 1 per slot, 0 = empty; a power of two, at most half full.
    private var table = [Int32](repeating: 0, count: 64)

    var count: Int { ids.count }

    func index(_ id: String) -> Int? {
        var id = id
        return id.withUTF8 { find($0).index }
    }

    func index(bytes: UnsafeBufferPointer<UInt8>) -> Int? { find(bytes).index }

    /// The id's number, adding it when new.
    mutating func insert(_ id: String) -> Int {
        var id = id
        let (found, slot) = id.withUTF8 { find($0) }
        if let found { return found }
        return add(id, at: slot)
    }

    /// `insert` for an id given by its bytes: the string is made only for a new id.
    mutating func insert(bytes key: UnsafeBufferPointer<UInt8>) -> Int {
        let (found, slot) = find(key)
        if let found { return found }
        return add(String(decoding: key, as: UTF8.self), at: slot)
    }

    private mutating func add(_ id: String, at slot: Int) -> Int {
        table[slot] = Int32(ids.count + 1)
        ids.append(id)
        bytes.append(Array(id.utf8))
        if ids.count * 2 > table.count { grow() }
        return ids.count - 1
    }

    /// The id's number, or the empty slot where it would go.
    private func find(_ key: UnsafeBufferPointer<UInt8>) -> (index: Int?, slot: Int) {
        let mask = table.count - 1
        var slot = CandidateIndex.hash(key) & mask
        while table[slot] != 0 {
            let i = Int(table[slot]) - 1
            if sameBytes(bytes[i], key) { return (i, slot) }
            slot = (slot + 1) & mask
        }
        return (nil, slot)
    }

    private mutating func grow() {
        table = [Int32](repeating: 0, count: table.count * 2)
        let mask = table.count - 1
        for (i, key) in bytes.enumerated() {
            var slot = CandidateIndex.hash(key) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(i + 1)
        }
    }
}
