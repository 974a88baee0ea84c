package dev.manor.migration;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the SQL of examples/indian-village-manor on every PostgreSQL major under test: each file is cut
 * by {@link SqlSplitter} and run statement by statement over plain JDBC (autocommit), the way psql would,
 * independently of Manor's engine. Every down.sql must restore exactly the schema its migration started from.
 */
class ExampleMigrationsSqlTest {
    private static final Path EXAMPLE = findExample();

    /** Tables, columns (type, nullability, default, comment), constraints (with validity) and indexes of the current schema. */
    private static final String SCHEMA_SNAPSHOT = """
            SELECT coalesce(string_agg(item, E'\\n' ORDER BY item), '') FROM (
              SELECT format('column %s.%s %s nullable=%s default=%s comment=%s', c.relname, a.attname,
                            format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
                            pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum))
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
              UNION ALL
              SELECT format('constraint %s.%s %s validated=%s', c.relname, con.conname, pg_get_constraintdef(con.oid), con.convalidated)
              FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
              WHERE c.relnamespace = current_schema()::regnamespace
              UNION ALL
              SELECT format('relation %s kind=%s', c.relname, c.relkind) FROM pg_class c
              WHERE c.relnamespace = current_schema()::regnamespace
              UNION ALL
              SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
            ) items(item)""";

    record Migration(String id, Path dir) {
        Path file(String name) {
            return dir.resolve(name);
        }

        boolean has(String name) {
            return Files.exists(file(name));
        }
    }

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void migrationsApplyRollBackEachOneAndReapply(int major) throws SQLException {
        List<Migration> migrations = migrations("migrations");
        try (TestDb db = PgServers.freshDb(major); Connection c = db.connect()) {
            List<String> schemaBefore = new ArrayList<>();
            for (int i = 0; i < migrations.size(); i++) {
                schemaBefore.add(snapshot(c));
                up(c, migrations.get(i));
                if (i == 0) {
                    // A user from before phone and display name existed: the backfills must fill them in
                    // before make_phone_required / validate_phone_not_null can succeed.
                    run(c, "INSERT INTO \"User\" (email, \"firstName\", \"lastName\", \"oldField\")"
                            + " VALUES ('ada@example.com', 'Ada', 'Lovelace', 'legacy')");
                }
            }
            String fullSchema = snapshot(c);
            assertThat(query(c, "SELECT \"phone\" || '/' || \"displayName\" || '/' || \"_deprecated_oldField\""
                    + " FROM \"User\" WHERE email = 'ada@example.com'")).isEqualTo("<unknown>/Ada Lovelace/legacy");

            runFile(c, EXAMPLE.resolve("seed.sql"));
            runFile(c, EXAMPLE.resolve("seed.sql"));
            assertThat(query(c, "SELECT count(*) || ' users, ' || (SELECT count(*) FROM \"EmailTemplate\") || ' templates, '"
                    + " || (SELECT count(*) FROM \"SystemConfig\") || ' settings' FROM \"User\""))
                    .isEqualTo("4 users, 3 templates, 3 settings");

            for (int i = migrations.size() - 1; i >= 0; i--) {
                Migration m = migrations.get(i);
                downAndCheck(c, m, schemaBefore.get(i));
                up(c, m);
                downAndCheck(c, m, schemaBefore.get(i));
            }
            assertThat(query(c, "SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace"))
                    .as("relations left after rolling everything back").isEqualTo("0");

            for (Migration m : migrations) {
                up(c, m);
            }
            assertThat(snapshot(c)).isEqualTo(fullSchema);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void unsafeOneStepMigrationRunsAndRollsBack(int major) throws SQLException {
        List<Migration> migrations = migrations("unsafe/migrations");
        try (TestDb db = PgServers.freshDb(major); Connection c = db.connect()) {
            up(c, migrations.get(0));
            run(c, "INSERT INTO \"User\" (email, \"firstName\", \"lastName\") VALUES ('ada@example.com', 'Ada', 'Lovelace')");
            String before = snapshot(c);
            up(c, migrations.get(1));
            assertThat(query(c, "SELECT attnotnull FROM pg_attribute WHERE attrelid = '\"User\"'::regclass AND attname = 'phone'"))
                    .isEqualTo("t");
            downAndCheck(c, migrations.get(1), before);
            runFile(c, migrations.get(0).file("down.sql"));
            assertThat(snapshot(c)).isEmpty();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void brokenRollbackReallyLeavesItsIndexBehind(int major) throws SQLException {
        List<Migration> migrations = migrations("broken-rollback/migrations");
        try (TestDb db = PgServers.freshDb(major); Connection c = db.connect()) {
            up(c, migrations.get(0));
            String before = snapshot(c);
            up(c, migrations.get(1));
            runFile(c, migrations.get(1).file("down.sql"));
            assertThat(snapshot(c)).isNotEqualTo(before).contains("User_createdAt_idx");
        }
    }

    @Test
    void everyScriptSplitsAndStartsWithAHeaderComment() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            List<Path> scripts = files.filter(p -> p.toString().endsWith(".sql")).toList();
            assertThat(scripts).hasSizeGreaterThan(30);
            for (Path script : scripts) {
                String text = Files.readString(script, StandardCharsets.UTF_8);
                assertThat(text).as(script.toString()).startsWith("-- ");
                assertThat(SqlSplitter.split(text, script.toString())).as(script.toString()).isNotEmpty();
            }
        }
        for (String folder : List.of("migrations", "unsafe/migrations", "broken-rollback/migrations")) {
            assertThat(migrations(folder)).allSatisfy(m -> {
                assertThat(m.id()).matches("2024\\d{10}_[a-z0-9]+(_[a-z0-9]+)*");
                assertThat(m.has("migration.sql")).as(m.id()).isTrue();
                assertThat(m.has("down.sql")).as(m.id()).isTrue();
            });
        }
    }

    /** migration.sql, then its backfill and verification when it has them. */
    private static void up(Connection c, Migration m) throws SQLException {
        runFile(c, m.file("migration.sql"));
        for (String extra : List.of("backfill.sql", "verify.sql")) {
            if (m.has(extra)) {
                runFile(c, m.file(extra));
            }
        }
    }

    /** down.sql must restore the schema exactly, and the migration's own verification must then fail. */
    private static void downAndCheck(Connection c, Migration m, String schemaBefore) throws SQLException {
        runFile(c, m.file("down.sql"));
        assertThat(snapshot(c)).as("schema after rolling back " + m.id()).isEqualTo(schemaBefore);
        if (m.has("verify.sql")) {
            assertThatThrownBy(() -> runFile(c, m.file("verify.sql")))
                    .as("verify.sql of " + m.id() + " after its rollback").isInstanceOf(SQLException.class);
        }
    }

    private static void runFile(Connection c, Path file) throws SQLException {
        String script;
        try {
            script = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = EXAMPLE.relativize(file).toString();
        for (SqlStatement statement : SqlSplitter.split(script, name)) {
            try {
                run(c, statement.sql());
            } catch (SQLException e) {
                throw new SQLException(name + ":" + statement.line() + ": " + e.getMessage(), e.getSQLState(), e);
            }
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.execute(sql);
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    private static String snapshot(Connection c) throws SQLException {
        return query(c, SCHEMA_SNAPSHOT);
    }

    private static List<Migration> migrations(String folder) {
        try (Stream<Path> dirs = Files.list(EXAMPLE.resolve(folder))) {
            return dirs.filter(Files::isDirectory).sorted()
                    .map(dir -> new Migration(dir.getFileName().toString(), dir)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example lives at the repository root; tests run from the module directory. */
    private static Path findExample() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples/indian-village-manor");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/indian-village-manor not found above " + Path.of("").toAbsolutePath());
    }
}
