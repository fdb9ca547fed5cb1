@testable import EndorseStore
import Foundation
import Testing
import EndorseTestSupport

/// sql/ is the source of truth; the binary carries an embedded copy that must match it.
struct MigrationFilesTests {
    @Test func embeddedCopiesMatchSQLFilesByteForByte() throws {
        let dir = TestDatabase.packageRoot + "/sql"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!files.isEmpty)
        #expect(Migrations.embedded.map(\.file) == files, "run scripts/embed-migrations.sh")
        for (file, sql) in Migrations.embedded {
            let bytes = try #require(FileManager.default.contents(atPath: dir + "/" + file))
            #expect(Array(sql.utf8) == Array(bytes), "\(file) differs from its embedded copy; run scripts/embed-migrations.sh")
        }
    }

    @Test func versionsAscendFromOne() {
        // 004 is taken by the store redesign on another branch; a gap is allowed, order is not.
        let versions = Migrations.all.map(\.version)
        #expect(versions.first == 1)
        #expect(zip(versions, versions.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Migrations.all.first?.fileName == "001_init.sql")
        #expect(Migration(fileName: "1_x.sql", sql: "") == nil)
        #expect(Migration(fileName: "002_add_things.sql", sql: "")?.name == "add_things")
    }
}

struct SQLScriptTests {
    @Test func splitsAtTopLevelSemicolonsOnly() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE t (a text DEFAULT 'x;y', "we;ird" int);
            /* block; /* nested; */ still comment; */
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
            CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 2; END $body$;
            SELECT E'it\\'s;', 'it''s;', $1;
            -- trailing comment only
            """
        let statements = SQLScript.statements(sql)
        #expect(statements.count == 4)
        #expect(statements[0] == "-- a comment; with a semicolon\nCREATE TABLE t (a text DEFAULT 'x;y', \"we;ird\" int)")
        #expect(statements[1].hasSuffix("AS $$ SELECT 1; $$"))
        #expect(statements[2].hasSuffix("$body$ BEGIN RETURN 2; END $body$"))
        #expect(statements[3] == "SELECT E'it\\'s;', 'it''s;', $1")
    }

    @Test func initMigrationSplitsIntoManyStatements() throws {
        let m = try #require(Migrations.all.first)
        let statements = m.statements
        #expect(statements.count > 30)
        #expect(statements.allSatisfy { !$0.hasSuffix(";") })
        #expect(statements.filter { $0.contains("CREATE TABLE audit_log (") }.count == 1)
    }
}
