import EndorseCore

/// The PostgreSQL store: managed local cluster (`LocalCluster`), configuration
/// (`DatabaseConfig`, `Endpoint`), the pool (`Database`), migrations (`Migrator`, `sql/`) and
/// the audit log (`AuditLog`).
public enum EndorseStore {}
