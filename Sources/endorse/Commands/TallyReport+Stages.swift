import EndorseCore

/// The human output of an stv tally: the stage table, candidates as rows and stages as columns,
/// cut into as many tables as it takes to stay within `width` columns (a stage never splits).
extension TallyReport {
    /// A terminal 100 columns wide reads every table without wrapping.
    static let width = 100

    /// The line that takes the threshold's place: the quota and how it was made.
    static func quotaLine(_ stv: Tally.STV) -> String {
        "quota      \(stv.quota) = floor(W \(stv.totalWeight) / (\(stv.seats) seats + 1)) + 1, "
            + "\(stv.arithmetic.rawValue) arithmetic, no threshold"
    }

    /// The stage tables, a footnote, and who was elected in which order.
    static func stagesTable(_ t: Tally, _ stv: Tally.STV, width: Int = width) -> String {
        guard !stv.stages.isEmpty else { return "no ranking ballots: no stages, nobody elected\n" }
        let order = rowOrder(stv)
        let label = max(order.map(\.count).max() ?? 0, "non-transferable".count)
        // Every number to 5 decimals, so columns line up on the point; "*" marks an election.
        func cell(_ value: Rational?, elected: Bool) -> String {
            guard let value else { return "- " }
            return fixed5(value) + (elected ? "*" : " ")
        }
        var columns: [[String]] = []  // per stage: header lines, then one cell per row
        for stage in stv.stages {
            var column = [String(stage.number), stage.action.rawValue, stage.candidate ?? "",
                          stage.tieBreak.map { $0 == .id ? "id" : "earlier" } ?? ""]
            for id in order {
                column.append(cell(stage.votes[id], elected: stage.elected.contains(id)))
            }
            column.append(cell(stage.nonTransferable, elected: false))
            columns.append(column)
        }
        let widths = columns.map { $0.map(\.count).max() ?? 0 }
        var out = ""
        var first = 0
        while first < columns.count {
            // As many stages as fit beside the label column (at least one).
            var end = first + 1, used = label + 2 + widths[first]
            while end < columns.count && used + 2 + widths[end] <= width {
                used += 2 + widths[end]
                end += 1
            }
            let chunk = Array(columns[first..<end])
            var table = TextTable(["stage"] + chunk.map { $0[0] },
                                  alignments: [.left] + chunk.map { _ in .right })
            for (i, title) in ["action", "of", "tie broken by"].enumerated() {
                let cells = chunk.map { $0[i + 1] }
                if i == 2 && cells.allSatisfy(\.isEmpty) { continue }
                table.append([title] + cells)
            }
            for (r, id) in (order + ["non-transferable"]).enumerated() {
                table.append([id] + chunk.map { $0[4 + r] })
            }
            out += (first > 0 ? "\n" : "") + table.render()
            first = end
        }
        out += "* elected at the end of that stage; - excluded\n"
        let electedAt = stv.stages.flatMap { s in s.elected.map { "\($0) (stage \(s.number))" } }
        out += "\n" + wrapped("elected    ", electedAt.isEmpty ? ["nobody"] : electedAt, width: width) + "\n"
        return out
    }

    /// `prefix` then the items joined by ", ", wrapped at `width`; continuation lines are
    /// indented to the value column of the report (11 spaces).
    static func wrapped(_ prefix: String, _ items: [String], suffix: String = "", width: Int = width) -> String {
        let indent = String(repeating: " ", count: 11)
        var lines: [String] = []
        var line = prefix
        for (i, item) in items.enumerated() {
            let piece = item + (i < items.count - 1 ? "," : suffix)
            if i > 0 && line.count + 1 + piece.count > width {
                lines.append(line)
                line = indent + piece
            } else {
                line += (i == 0 && prefix.hasSuffix(" ") ? "" : " ") + piece
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// The elected in order of election, then the others, those excluded last first.
    static func rowOrder(_ stv: Tally.STV) -> [String] {
        let excluded = stv.stages.filter { $0.action == .exclusion }.compactMap(\.candidate)
        let all = stv.stages.first.map { Array($0.votes.keys) } ?? []
        let placed = Set(stv.elected + excluded)
        let neither = all.filter { !placed.contains($0) }.sorted(by: Identifier.byteOrder)
        return stv.elected + neither + excluded.reversed()
    }

    /// Rounded half away from zero to exactly 5 decimals (display only).
    static func fixed5(_ value: Rational) -> String {
        let text = Tally.Stage.text(value)
        guard let dot = text.firstIndex(of: ".") else { return text + ".00000" }
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        return text + String(repeating: "0", count: 5 - decimals)
    }
}
