import EndorseCore
import EndorseStore

/// Template contexts of an org's ballot pages, from the store's `OrgBallotState`. Nothing here
/// shows a count, a tally or another org's ballot.
struct BallotViews {
    let state: OrgBallotState
    let language: WebLanguage

    var cycle: Cycle { state.cycle }
    func t(_ key: String, _ args: String...) -> String { WebCatalog.text(key, language, args: args) }

    func race(_ id: String) -> OrgRace? { state.races.first { $0.race.id == id } }

    /// Why a race's ballot cannot be cast or changed now; nil when it can.
    func readOnlyReason(_ r: OrgRace) -> String? {
        if let reason = r.recusal { return reason.isEmpty ? t("roRecusedNoReason") : t("roRecused", reason) }
        switch r.state {
        case .draft: return t("roDraft")
        case .closed, .decided: return t("roClosed")
        case .open where r.mayVote: return nil
        case .open: return state.org.active ? t("roNotOnRoster") : t("roInactive")
        }
    }

    func overview() -> [String: Any] {
        let races: [[String: Any]] = state.races.map { r in
            var c = WebText.fields("name", r.race.name, language)
            c["id"] = r.race.id
            c["stateText"] = r.state == .draft ? t("stateDraft") : r.state == .open ? t("stateOpen") : t("stateClosed")
            if r.recusal != nil {
                c["ballotText"] = t("recusedShort")
            } else if r.state != .draft, !r.mayVote {
                c["ballotText"] = t("notOnRoster")
            } else if let b = r.current {
                c["ballotText"] = t("hasBallot", String(b.version))
            } else {
                c["ballotText"] = r.state == .draft ? "" : t("noBallot")
            }
            c["hasBallotText"] = !(c["ballotText"] as? String ?? "").isEmpty
            return c
        }
        return ["hello": t("ballotsHello", state.org.name), "intro": t("ballotsIntro", cycle.coalition.name),
                "races": races]
    }

    /// `1st`, `2nd`, ... in English; `1.º`, `2.º` in Spanish.
    func ordinal(_ n: Int) -> String {
        guard language == .en else { return "\(n).º" }
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    func name(_ c: CandidateRecord) -> String { c.ballotName ?? c.name }

    /// The candidates with their scores as bars (`<meter>`, labelled) and a link to their answers.
    func candidates(_ r: OrgRace) -> [[String: Any]] {
        r.candidates.map { c in
            let score = state.scores[c.id]
            let overall = score?.overall
            var planks: [[String: Any]] = []
            for p in score?.planks ?? [] {
                guard let plank = cycle.plank(p.plank) else { continue }
                let title = plank.title.text(for: language.rawValue)
                planks.append(["id": "\(c.id)--\(p.plank)", "value": p.score?.rounded(fractionDigits: 1) ?? "0",
                               "label": t("plankScore", title, p.score?.rounded(fractionDigits: 1) ?? t("noScore"))])
            }
            return ["id": c.id, "name": name(c), "incumbent": c.incumbent == true,
                    "fullName": c.name, "hasFullName": name(c) != c.name,
                    "overallValue": overall?.rounded(fractionDigits: 1) ?? "0",
                    "overallLabel": t("overallScore", overall?.rounded(fractionDigits: 1) ?? t("noScore")),
                    "planks": planks, "readAnswers": t("readAnswers", name(c))]
        }
    }

    /// What a ballot says, in words: a heading and the lines under it.
    func describe(_ choice: BallotChoice, _ r: OrgRace) -> (heading: String, lines: [String]) {
        let names = Dictionary(r.candidates.map { ($0.id, name($0)) }, uniquingKeysWith: { a, _ in a })
        switch choice {
        case .noEndorsement: return (t("ballotNoEndorsement"), [])
        case .abstain: return (t("ballotAbstain"), [])
        case .approve(let ids): return (t("youApprove"), ids.map { names[$0] ?? $0 })
        case .ranking(let ids) where r.race.method == .threshold: return (t("youChoose"), ids.map { names[$0] ?? $0 })
        case .ranking(let ids):
            var lines = ids.enumerated().map { "\($0.offset + 1). \(names[$0.element] ?? $0.element)" }
            let rest = r.candidates.filter { !ids.contains($0.id) }.map(name)
            if !rest.isEmpty { lines.append(t("notRankedList", rest.joined(separator: ", "))) }
            return (t("youRank"), lines)
        }
    }

    /// The org's current ballot with version, time and receipt (api.md's receipt).
    func current(_ r: OrgRace) -> [String: Any] {
        guard let b = r.current else { return ["hasCurrent": false] }
        let said = describe(b.choice, r)
        let receipt = API.ballotReceipt(b)
        return ["hasCurrent": true, "currentHeading": said.heading, "currentLines": said.lines, "hasCurrentLines": !said.lines.isEmpty,
                "currentFacts": t("ballotFacts", String(b.version), WebDates.moment(b.recordedAt, zone: nil, language)),
                "receipt": receipt]
    }

    /// The form as last sent (or from the current ballot): ranks, chosen ids and special.
    static func formValues(from ballot: StoredBallot?) -> BallotForm {
        var form = BallotForm([], method: .approval, candidates: [])
        form.issues = []
        switch ballot?.choice {
        case .ranking(let ids)?:
            for (i, id) in ids.enumerated() { form.ranks[id] = String(i + 1) }
            form.picked = ids
        case .approve(let ids)?: form.picked = ids
        case .noEndorsement?: form.special = "no_endorsement"
        case .abstain?: form.special = "abstain"
        case nil: break
        }
        return form
    }
}
