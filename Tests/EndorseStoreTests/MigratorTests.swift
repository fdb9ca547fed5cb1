import EndorseCore
@testable import EndorseStore
import Foundation
import PostgresNIO
import Testing
import EndorseTestSupport

struct MigratorTests {
    @Test func appliedOnceAndRecorded() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                let migrator = Migrator()
                let applied = try await migrator.applied(on: conn, logger: db.logger)
                #expect(applied.map(\.version) == Migrations.all.map(\.version))
                #expect(applied.first?.name == "init")
                #expect(applied.first?.sha256 == Migrations.all.first?.sha256)

                // Running again changes nothing.
                let again = try await migrator.migrate(on: conn, logger: db.logger)
                #expect(again.isEmpty)
                #expect(try await migrator.applied(on: conn, logger: db.logger) == applied)
                let count = try await conn.query("SELECT count(*)::bigint FROM schema_migrations", logger: db.logger)
                    .collect().first?.decode(Int64.self)
                #expect(count == Int64(Migrations.all.count))
                // The schema is there.
                let tables = try await conn.query(
                    "SELECT count(*)::bigint FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('cycles', 'ballots', 'audit_log', 'slates')",
                    logger: db.logger).collect().first?.decode(Int64.self)
                #expect(tables == 4)
            }
        }
    }

    @Test func changedMigrationIsRefused() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                try await conn.query("UPDATE schema_migrations SET sha256 = sha256('other') WHERE version = 1", logger: db.logger)
                let error = await #expect(throws: EndorseError.self) {
                    try await Migrator().migrate(on: conn, logger: db.logger)
                }
                #expect(error?.message.contains("001_init.sql was changed") == true)
            }
        }
    }

    @Test func newMigrationsApplyInOrderInATransaction() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                let next = (Migrations.all.last?.version ?? 0) + 1
                let extra = Migrations.all + [
                    Migration(version: next, name: "two", sql: "CREATE TABLE two (a int);\nINSERT INTO two VALUES (2);\n"),
                    Migration(version: next + 1, name: "bad", sql: "CREATE TABLE three (a int);\nSELECT 1/0;\n"),
                ]
                await #expect(throws: (any Error).self) {
                    try await Migrator(migrations: extra).migrate(on: conn, logger: db.logger)
                }
                // "two" committed, "bad" rolled back entirely.
                let versions = try await Migrator().applied(on: conn, logger: db.logger).map(\.version)
                #expect(versions == Migrations.all.map(\.version) + [next])
                let three = try await conn.query("SELECT to_regclass('three') IS NULL", logger: db.logger)
                    .collect().first?.decode(Bool.self)
                #expect(three == true)
            }
        }
    }

    @Test func concurrentRunnersApplyOnce() async throws {
        // Two fresh runners racing on one new database: the advisory lock lets one apply.
        let name = "t_race_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let config = try await TestDatabase.config(database: String(name))
        async let a: Int = Database.withDatabase(config, logger: TestDatabase.logger) { _ in 1 }
        async let b: Int = Database.withDatabase(config, logger: TestDatabase.logger) { _ in 1 }
        #expect(try await a + b == 2)
        let count = try await Database.withDatabase(config, logger: TestDatabase.logger) { db in
            try await db.query("SELECT count(*)::bigint FROM schema_migrations").collect().first?.decode(Int64.self)
        }
        #expect(count == Int64(Migrations.all.count))
        try await TestDatabase.drop(String(name))
    }
}
