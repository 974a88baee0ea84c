package dev.manor.schema;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Builds databases from DDL and snapshots them, for the schema tests. */
final class SchemaTestSupport {
    static final List<String> IGNORED = List.of("manor_migrations", "manor_events");

    private SchemaTestSupport() {
    }

    static SchemaSnapshot snapshot(TestDb db) {
        try (Connection c = db.connect()) {
            return SchemaSnapshot.read(c, List.of("public", "app"), IGNORED);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A snapshot of a fresh database after running the statements in order. */
    static SchemaSnapshot build(int major, String... statements) {
        try (TestDb db = PgServers.freshDb(major)) {
            for (String sql : statements) {
                db.exec(sql);
            }
            return snapshot(db);
        }
    }

    /** The diff between a database built from common + expectedOnly and one built from common + actualOnly. */
    static SchemaDiff diff(int major, String common, String expectedOnly, String actualOnly) {
        SchemaSnapshot expected = build(major, common, expectedOnly.isEmpty() ? "SELECT 1" : expectedOnly);
        SchemaSnapshot actual = build(major, common, actualOnly.isEmpty() ? "SELECT 1" : actualOnly);
        return SchemaDiff.between(expected, actual);
    }
}
