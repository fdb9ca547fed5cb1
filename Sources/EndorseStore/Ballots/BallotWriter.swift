import EndorseCore
import Logging
import NIOCore
import PostgresNIO

/// The one ballot write path: every ballot version, from every entry point, is written by
/// `write`, which calls `endorse_write_ballots` (sql/004) for a batch of items of one race. The
/// function checks who may vote and the race's state, versions the ballot and records its audit
/// event; what a ballot says was checked before, against the same race entry, by `BallotRules`.
///
/// Callers that hold a transaction (`vote cast`, `vote import`, a recusal) pass its connection;
/// the batcher passes a pooled one and the call is its own transaction.
struct BallotWriter: Sendable {
    var cycle: String
    var race: String
    /// `ballots.source`: `cli`, `api`, `import`, `web`.
    var source: BallotSource
    /// One pending audit event per ballot version (`ballot.cast`, `.replaced`, `.withdrawn`);
    /// false when the caller records one event for its whole change (`vote import`, a recusal).
    var audit: Bool

    /// Writes `items` (at most one per org; each checked against `entry` first) and returns each
    /// item's outcome by position. `entry` nil: the race does not exist (the function says which
    /// 404) or is of a method this build does not count.
    func write(_ items: [BallotWrite], entry: VotingRaceCache.Entry?, on conn: PostgresConnection,
               logger: Logger) async throws -> [BallotOutcome] {
        try await collect(items, rows: conn.execute(statement(items, entry: entry), logger: logger))
    }

    /// `write` on a pooled connection, as one transaction of its own.
    func write(_ items: [BallotWrite], entry: VotingRaceCache.Entry?, client: PostgresClient,
               logger: Logger) async throws -> [BallotOutcome] {
        try await collect(items, rows: client.execute(statement(items, entry: entry), logger: logger))
    }

    private func statement(_ items: [BallotWrite], entry: VotingRaceCache.Entry?) -> BallotWriterStatement {
        BallotWriterStatement(writer: self, entry: entry, items: items.map { $0.checked(against: entry) })
    }

    private func collect<S: AsyncSequence>(_ items: [BallotWrite], rows: S) async throws -> [BallotOutcome]
    where S.Element == BallotWriterStatement.Row {
        var outcomes = [BallotOutcome?](repeating: nil, count: items.count)
        for try await row in rows where outcomes.indices.contains(row.index - 1) {
            outcomes[row.index - 1] = try BallotOutcome(row)
        }
        return try outcomes.map { outcome in
            guard let outcome else {
                throw EndorseError(.unavailable, "endorse_write_ballots answered nothing for a ballot")
            }
            return outcome
        }
    }
}

/// Where a ballot version came from (the `ballots.source` column).
public enum BallotSource: String, Hashable, Sendable {
    case cli, api, `import`, web
}

/// The call, prepared once per connection (parsing and planning it for every batch cost more
/// than running it).
struct BallotWriterStatement: PostgresPreparedStatement {
    static let name = "endorse_write_ballots_v2"
    static let sql = """
        SELECT i, outcome, actor, org, status, race_state, kind, ranking, approve, version, recorded_at, replaced
        FROM endorse_write_ballots($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                                   $20)
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .text, .text, .text, .int8, .text, .bool,
        .byteaArray, .textArray, .textArray, .boolArray, .textArray,
        .boolArray, .textArray, .textArray, .textArray, .textArray,
        .textArray, .textArray, .byteaArray, .int8Array,
    ]

    /// One row of `endorse_ballot_write` (sql/004).
    struct Row: Sendable {
        var index: Int
        var outcome: String
        var actor: String?
        var org: String?
        var status: Int?
        var raceState: String?
        var kind: String?
        var ranking: [String]?
        var approve: [String]?
        var version: Int?
        var recordedAt: String?
        var replaced: Bool?
    }

    var writer: BallotWriter
    var entry: VotingRaceCache.Entry?
    /// Already checked against `entry`.
    var items: [BallotWrite]

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 20)
        b.append(writer.cycle)
        b.append(writer.race)
        b.append(entry?.method.rawValue)
        b.append(entry?.stateChangedMicroseconds)
        b.append(writer.source.rawValue)
        b.append(writer.audit)
        // PostgresNIO binds no NULL array elements: '' (or an empty bytea) stands for none (sql/004).
        b.append(items.map { item -> ByteBuffer in
            if case .token(let sha) = item.voter { return ByteBuffer(bytes: sha) }
            return ByteBuffer()
        })
        b.append(items.map { $0.namedOrg ?? "" })
        b.append(items.map { item -> String in
            if case .org(_, let actor, _) = item.voter { return actor }
            return ""
        })
        b.append(items.map { item -> Bool in
            if case .org(_, _, let proxy) = item.voter { return proxy }
            return false
        })
        b.append(items.map { $0.proxyNote ?? "" })
        b.append(items.map { $0.refusal == nil })
        b.append(items.map { $0.kind ?? "" })
        b.append(items.map { $0.choice?.columns.ranking?.joined(separator: ",") ?? "" })
        b.append(items.map { $0.choice?.columns.approve?.joined(separator: ",") ?? "" })
        b.append(items.map { $0.choice?.json.canonicalString ?? "" })
        b.append(items.map { $0.key?.key ?? "" })
        b.append(items.map { $0.key?.path ?? "" })
        b.append(items.map { ByteBuffer(bytes: $0.key?.requestSHA256 ?? []) })
        b.append(items.map(\.deadline))
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let (i, outcome, actor, org, status, state, kind, ranking, approve, version, at, replaced) = try row.decode(
            (Int, String, String?, String?, Int?, String?, String?, [String]?, [String]?, Int?, String?, Bool?).self)
        return Row(index: i, outcome: outcome, actor: actor, org: org, status: status, raceState: state, kind: kind,
                   ranking: ranking, approve: approve, version: version, recordedAt: at, replaced: replaced)
    }
}
