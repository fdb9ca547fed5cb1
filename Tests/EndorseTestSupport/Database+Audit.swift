import EndorseStore

extension Database {
    /// The audit area of a store over this pool, for tests that look at the log of a database.
    public var audit: AuditStore { Store(db: self).acting(as: "test").audit }

    /// Seals pending events; how many.
    @discardableResult
    public func sealAudit() async throws -> Int { try await audit.seal() }

    /// The first broken event of the chain (pending events sealed first), nil when intact.
    public func verifyAudit() async throws -> Int64? { try await audit.verifyAudit().firstBroken }

    /// Events in id order, of one cycle or all (pending events sealed first).
    public func auditEvents(cycle: String? = nil) async throws -> [AuditEvent] {
        try await audit.auditEvents(cycle: cycle)
    }
}
