import EndorseCore

/// The human output of `endorse tally`: a header, one table, the outcome line.
enum TallyReport {
    static func render(_ t: Tally) -> String {
        var out = header(t)
        out += "\n"
        if let stv = t.stv {
            out += stagesTable(t, stv)
        } else {
            out += t.method == .irv ? roundsTable(t) : votesTable(t)
        }
        out += "\n" + outcomeLine(t) + "\n"
        return out
    }

    static func header(_ t: Tally) -> String {
        let q = t.quorum
        let required = Fixed4.format(units: q.requiredUnits, fractionDigits: 4)
        let thr = t.threshold
        let needed = Fixed4.format(units: thr.requiredUnits, fractionDigits: 4)
        let rule = t.stv.map(quotaLine) ?? "threshold  \(thr.share) x \(thr.base.rawValue) weight \(thr.baseWeight) = \(needed)"
        return """
            race       \(t.race) (cycle \(t.cycle))
            method     \(t.method.rawValue)
            state      \(t.state.rawValue)
            weights    E \(t.eligibleWeight)  T \(t.turnoutWeight)  C \(t.castWeight)  \
            (abstain \(t.abstainWeight), no endorsement \(t.noEndorsementWeight))
            recused    \(t.recused.isEmpty ? "none" : t.recused.joined(separator: ", "))
            quorum     T \(q.strict ? ">" : ">=") \(q.share) x E = \(required): \(q.met ? "met" : "NOT met")
            \(rule)

            """
    }

    /// Rows = candidates in first-round order (votes descending, then id), columns = rounds;
    /// a candidate's cells end at the round it is eliminated. Readable for 30 candidates.
    static func roundsTable(_ t: Tally) -> String {
        guard let first = t.rounds.first else { return "no ranking ballots: no rounds\n" }
        let order = first.votes.sorted {
            $0.value != $1.value ? $0.value > $1.value : Identifier.byteOrder($0.key, $1.key)
        }.map(\.key)
        let roundHeaders = t.rounds.map { "r\($0.number)" }
        var table = TextTable(["candidate"] + roundHeaders + ["result"],
                              alignments: [.left] + roundHeaders.map { _ in .right } + [.left])
        for id in order {
            var cells = [id]
            var result = ""
            for round in t.rounds {
                cells.append(round.votes[id].map(String.init) ?? "")
                if round.eliminated == id {
                    result = "eliminated in r\(round.number)"
                    if let tb = round.tieBreak { result += " (tie broken by \(tb == .id ? "id" : "earlier rounds"))" }
                }
            }
            if t.winner == id { result = "IRV winner" }
            table.append(cells + [result])
        }
        table.append(["continuing"] + t.rounds.map { String($0.continuingWeight) } + [""])
        table.append(["exhausted"] + t.rounds.map { String($0.exhaustedWeight) } + [""])
        return table.render()
    }

    /// threshold and approval: one row per candidate, most votes first.
    static func votesTable(_ t: Tally) -> String {
        let votes = (t.votes ?? [:]).sorted {
            $0.value != $1.value ? $0.value > $1.value : Identifier.byteOrder($0.key, $1.key)
        }
        var table = TextTable(["candidate", t.method == .approval ? "approvals" : "votes", "share"],
                              alignments: [.left, .right, .right])
        for (id, v) in votes { table.append([id, String(v), t.share(of: id) ?? "-"]) }
        return table.render()
    }

    static func outcomeLine(_ t: Tally) -> String {
        let needed = Fixed4.format(units: t.threshold.requiredUnits, fractionDigits: 4)
        let base = "of \(t.threshold.baseWeight)"
        switch t.outcome {
        case .open:
            return "outcome    open (provisional: the race is still open)"
        case .noQuorum:
            return "outcome    no_quorum (turnout \(t.turnoutWeight) of eligible \(t.eligibleWeight))"
        case .tie:
            let above = t.endorsed.isEmpty ? "" : "; endorsed above the tie: \(t.endorsed.joined(separator: ", "))"
            return "outcome    tie between \(t.tied.joined(separator: ", "))\(above) (staff decide)"
        case .endorsed where t.stv != nil:
            return wrapped("outcome    endorsed", t.endorsed, suffix: " (elected, in this order)")
        case .endorsed:
            let each = t.endorsed.map { id in
                "\(id) (\(t.candidateVotes(id) ?? 0) \(base), share \(t.share(of: id) ?? "-"))"
            }
            return "outcome    endorsed \(each.joined(separator: ", "))"
        case .noEndorsement where t.stv != nil:
            return "outcome    no_endorsement (nobody elected)"
        case .noEndorsement:
            if let w = t.winner {
                return "outcome    no_endorsement (IRV winner \(w) has \(t.candidateVotes(w) ?? 0) \(base), needs \(needed))"
            }
            return "outcome    no_endorsement (nobody reaches \(needed) \(base))"
        }
    }
}
