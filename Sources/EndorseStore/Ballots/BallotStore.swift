import EndorseCore
import PostgresNIO

/// Ballots: every way a ballot version is written (`vote cast`, `vote withdraw`, `vote import`,
/// an org's `PUT`/`DELETE .../ballot`, a recusal's withdrawal) goes through `BallotWriter`, and
/// an org reads its own current ballot.
public struct BallotStore: StoreArea {
    public let base: ActingStore
}

/// A recorded ballot version (the receipt of `vote cast` / `vote withdraw`).
public struct BallotReceipt: Hashable, Sendable {
    public var cycle: String
    public var race: String
    public var org: String
    /// 1, 2, ... per (org, race).
    public var version: Int
    /// `ranking`, `approve`, `no_endorsement`, `abstain` or `withdrawal`.
    public var kind: String
    /// True when an earlier current ballot was replaced (or withdrawn).
    public var replaced: Bool
    public var proxy: Bool

    public var json: JSONValue {
        .object(["cycle": .string(cycle), "race": .string(race), "org": .string(org), "version": .int(version),
                 "kind": .string(kind), "replaced": .bool(replaced), "proxy": .bool(proxy)])
    }
}

extension BallotStore {
    /// `vote cast`: staff enter an org's ballot (a proxy, with an optional note). The race must
    /// be open, the org allowed to vote and the ballot right for the race; version n+1 becomes
    /// current, with one audit event (`ballot.cast`, or `ballot.replaced`).
    public func cast(cycle: String, race: String, org: String, choice: BallotChoice,
                     proxyNote: String? = nil) async throws -> BallotReceipt {
        let note = proxyNote.flatMap { $0.isEmpty ? nil : $0 }
        return try await writeOne(cycle: cycle, race: race, org: org, content: .ballot(choice), note: note)
    }

    /// `vote withdraw`: staff withdraw an org's current ballot (a versioned `withdrawal` row: the
    /// org then has no ballot). The race must be open; refused when there is no ballot.
    public func withdraw(cycle: String, race: String, org: String) async throws -> BallotReceipt {
        try await writeOne(cycle: cycle, race: race, org: org, content: .withdrawal, note: nil)
    }

    /// One staff entry in one transaction; its audit event is sealed into the chain before commit.
    private func writeOne(cycle: String, race: String, org: String, content: BallotWrite.Content,
                          note: String?) async throws -> BallotReceipt {
        let item = BallotWrite(voter: .org(org, actor: actor, proxy: true), content: .success(content),
                               proxyNote: note, key: nil)
        let writer = BallotWriter(cycle: cycle, race: race, source: .cli, audit: true)
        let voting = base.voting, logger = self.logger
        let written = try await base.transaction { conn in
            let written = try await Self.writeAlone(item, writer: writer, voting: voting, on: conn)
            try await AuditLog.seal(on: conn, logger: logger)
            return written
        }
        return BallotReceipt(cycle: cycle, race: race, org: org, version: written.version,
                             kind: item.kind ?? "", replaced: written.replaced, proxy: true)
    }

    /// Writes one item on `conn`, reloading the race entry when it was stale; the refusal as the
    /// error every entry point reports (a rules error names the race, as the CLI shows it).
    static func writeAlone(_ item: BallotWrite, writer: BallotWriter, voting: VotingStore,
                           on conn: PostgresConnection) async throws -> WrittenBallot {
        var reload = false
        for _ in 0..<4 {
            let entry = try await voting.ballotEntry(cycle: writer.cycle, race: writer.race, reload: reload, on: conn)
            guard let outcome = try await writer.write([item], entry: entry, on: conn, logger: voting.logger).first else {
                break
            }
            switch outcome {
            case .written(let w): return w
            case .replay(_, let w, _): return w
            case .again, .stale: reload = true
            case .refused(let refusal, let org, let state):
                let error = refusal.error(for: item.checked(against: entry), org: org, cycle: writer.cycle,
                                          race: writer.race, raceState: state)
                throw error.location == nil ? EndorseError(error.code, error.message, at: writer.race) : error
            }
        }
        throw EndorseError(.unavailable, "race \(writer.race) kept changing while the ballot was written; try again",
                           at: writer.race)
    }
}
