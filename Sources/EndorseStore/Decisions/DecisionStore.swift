/// Staff decisions and rescissions of races, and the published, signed slate versions (formats.md).
public struct DecisionStore: StoreArea {
    public let base: ActingStore
}
