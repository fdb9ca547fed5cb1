import EndorseCore

/// One ballot version on its way to the database: every entry point (`vote cast`, `vote
/// withdraw`, `vote import`, `PUT`/`DELETE .../ballot`, a recusal, the ballot pages) describes
/// its ballot as one of these and hands it to `BallotWriter`.
struct BallotWrite: Sendable {
    /// Who votes.
    enum Voter: Hashable, Sendable {
        /// An org's own API token, by its SHA-256: the writer looks it up, and its name acts.
        case token(sha256: [UInt8])
        /// An org named by the caller, with who acts: staff entering a ballot for it (`proxy`),
        /// or the org's delegate on its ballot page.
        case org(String, actor: String, proxy: Bool)
    }

    /// What is written: a ballot, or a withdrawal of the current one.
    enum Content: Hashable, Sendable {
        case ballot(BallotChoice)
        case withdrawal
    }

    var voter: Voter
    /// The content, or the error that refuses it (a body that did not parse, or a ballot the
    /// rules refuse). Reported only when the writer reaches that check (api.md's order).
    var content: Result<Content, EndorseError>
    var proxyNote: String?
    var key: IdempotencyKey?
    /// When its caller is answered at the latest, in microseconds since the epoch (0: it waits
    /// for the write, as the CLI does): a ballot still unwritten then is not written at all.
    var deadline: Int64 = 0

    /// The row's `kind` (`withdrawal` for a withdrawal; nil when refused).
    var kind: String? {
        switch content {
        case .success(.ballot(let choice)): choice.kindName
        case .success(.withdrawal): "withdrawal"
        case .failure: nil
        }
    }

    var choice: BallotChoice? {
        if case .success(.ballot(let choice)) = content { return choice }
        return nil
    }

    var refusal: EndorseError? {
        if case .failure(let error) = content { return error }
        return nil
    }

    /// `content` checked against the race as `BallotRules` says (the one home of those rules).
    func checked(against race: VotingRaceCache.Entry?) -> BallotWrite {
        guard let race, let choice else { return self }
        var copy = self
        do throws(EndorseError) {
            try BallotRules.validate(choice, method: race.method, ballot: race.ballot)
        } catch {
            copy.content = .failure(error)
        }
        return copy
    }

    /// The org the caller named, if it named one.
    var namedOrg: String? {
        if case .org(let org, _, _) = voter { return org }
        return nil
    }
}
