/// The hash-chained audit log as staff read and check it (`audit log`, `audit verify`).
public struct AuditStore: StoreArea {
    public let base: ActingStore
}
