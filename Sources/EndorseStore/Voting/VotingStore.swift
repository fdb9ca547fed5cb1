/// Races' voting state (open with ballot and roster snapshots, close, reopen), the status and overview of races, and tallies (voting.md).
public struct VotingStore: StoreArea {
    public let base: ActingStore
}
