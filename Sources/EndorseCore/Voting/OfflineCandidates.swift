/// The race's ballot for an offline tally, from a candidates.csv (`CandidatesFile`). Every row of
/// the race is on the ballot: offline there are no scores, so no eligibility filter.
public enum OfflineCandidates {
    /// The ids of `race`'s rows in file order. Checks the whole file (every row of every race);
    /// any bad row refuses it with every problem listed as `FILE:LINE: column: problem`.
    public static func ids(_ bytes: [UInt8], file: String, race: String) throws(EndorseError) -> [String] {
        try CandidatesFile.parse(bytes, file: file, action: "nothing tallied")
            .filter { $0.candidate.race == race }
            .map(\.candidate.id)
    }
}
