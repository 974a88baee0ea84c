package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code manor import flyway} on a database that real Flyway (13.12, test scope) migrated: the history is carried
 * over, status is clean with nothing re-applied, a new migration deploys, and importing again changes nothing.
 */
class ImportFlywayCliTest {
    @TempDir
    Path tmp;

    private Path flywayProject() throws IOException {
        Path sql = Files.createDirectories(tmp.resolve("flyway/sql"));
        Files.writeString(sql.resolve("V1__Create_people.sql"), """
                CREATE TABLE people (
                  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                  name text NOT NULL
                );
                """);
        // CRLF line endings: Flyway's checksum ignores them, Manor's reading of it must too.
        Files.writeString(sql.resolve("V1_1__AddEmail.sql"), "ALTER TABLE people ADD COLUMN email text;\r\n"
                + "COMMENT ON COLUMN people.email IS 'contact';\r\n");
        Files.writeString(sql.resolve("V2__index_on_name.sql"), "CREATE INDEX people_name ON people (name);\n");
        Files.writeString(sql.resolve("V10__cities.sql"), "CREATE TABLE cities (id int PRIMARY KEY, name text);\n");
        return tmp.resolve("flyway");
    }

    private static void flywayMigrate(TestDb db, Path flyway) {
        Flyway.configure().dataSource(db.url(), null, null)
                .locations("filesystem:" + flyway.resolve("sql")).load().migrate();
    }

    static final Path EXAMPLE = Path.of("..", "examples", "indian-village-manor-flyway", "sql").toAbsolutePath().normalize();

    /** docs/from-flyway.md, step by step, on the example after real Flyway migrated a test database with it. */
    @Test
    void theDocumentedFlowOnTheExample() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("ivm-manor"));
        try (TestDb db = PgServers.freshDb()) {
            Flyway.configure().dataSource(db.url(), null, null).locations("filesystem:" + EXAMPLE).load().migrate();
            String[] where = {"-C", project.toString()};
            Cli files = run(where, "import", "flyway", "--from", EXAMPLE.toString());
            assertThat(files.code()).as(files.err()).isZero();
            // numeric version order: 1, 1.1, 2 ... 7, 10 (not 1, 1.1, 10, 2)
            assertThat(files.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
                    .containsExactly("1", "1.1", "2", "3", "4", "5", "6", "7", "10");
            assertThat(files.out()).contains("20000101000000_init").contains("20000101000008_deprecate_old_field");

            Cli imported = run(where, "import", "flyway", "--from", EXAMPLE.toString(), "--url", db.url());
            assertThat(imported.code()).as(imported.err()).isZero();
            assertThat(imported.out().lines().skip(1)).hasSize(9).allMatch(l -> l.contains("kept") && l.endsWith("applied"));
            assertThat(imported.err()).doesNotContain("checksum mismatch").contains("recorded 9 applied");
            Path migrations = project.resolve("migrations");
            assertThat(Files.readString(migrations.resolve("20000101000000_init/down.sql")))
                    .isEqualTo("-- manor:irreversible because imported from Flyway without a down script\n");
            assertThat(Files.readString(migrations.resolve("20000101000001_add_middle_name/down.sql")))
                    .isEqualTo(Files.readString(EXAMPLE.resolve("U1_1__add_middle_name.sql")));
            assertThat(Files.readString(project.resolve("manor-import-flyway.tsv")))
                    .contains("1.1\t20000101000001_add_middle_name\tV1_1__add_middle_name.sql");
            assertThat(Files.readString(project.resolve("manor.toml"))).contains("ignore = [\"flyway_schema_history\"]");
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'import'"
                    + " AND detail LIKE 'from Flyway flyway_schema_history installed_rank %'")).isEqualTo(9L);

            Cli status = run(where, "status", "--url", db.url(), "--shadow-url", db.url());
            assertThat(status.code()).as(status.out() + status.err()).isZero();
            assertThat(status.out()).contains("Up to date.").contains("No drift");

            String before = tree(project) + events(db);
            Cli again = run(where, "import", "flyway", "--from", EXAMPLE.toString(), "--url", db.url());
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(again.out().lines().skip(1)).allMatch(l -> l.contains("kept") && l.endsWith("already recorded"));
            assertThat(tree(project) + events(db)).as("importing twice changes nothing").isEqualTo(before);

            Path next = Files.createDirectories(migrations.resolve("20260101000000_add_user_nickname"));
            Files.writeString(next.resolve("migration.sql"), "ALTER TABLE \"User\" ADD COLUMN \"nickname\" TEXT;\n");
            Files.writeString(next.resolve("down.sql"), "ALTER TABLE \"User\" DROP COLUMN \"nickname\";\n");
            Cli deploy = run(where, "deploy", "--url", db.url());
            assertThat(deploy.code()).as(deploy.err()).isZero();
            assertThat(deploy.out()).contains("Applied 1 migration");
            assertThat(deploy.err()).contains("20260101000000_add_user_nickname").doesNotContain("_init ...");
        }
    }

    @Test
    void aScriptEditedAfterFlywayRanIsAMismatchAndShowsAsEdited() throws Exception {
        Path flyway = flywayProject();
        Path project = Files.createDirectories(tmp.resolve("app"));
        try (TestDb db = PgServers.freshDb()) {
            flywayMigrate(db, flyway);
            Files.writeString(flyway.resolve("sql/V2__index_on_name.sql"), "CREATE INDEX people_name ON people (lower(name));\n");
            String[] where = {"-C", project.toString()};
            Cli imported = run(where, "import", "flyway", "--from", "../flyway/sql", "--url", db.url());
            assertThat(imported.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(imported.err()).contains("checksum mismatch: 20000101000002_index_on_name: Flyway recorded checksum");
            // the CRLF file's checksum matched: only the edited one is a mismatch
            assertThat(imported.err().lines().filter(l -> l.startsWith("checksum mismatch")).count()).isEqualTo(1);
            Cli status = run(where, "status", "--url", db.url(), "--no-drift");
            assertThat(status.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(status.out()).contains("edited after apply");
        }
    }

    @Test
    void withoutADatabaseOnlyFilesAreWrittenWithRepeatablesAndCallbacks() throws Exception {
        Path flyway = flywayProject();
        Files.writeString(flyway.resolve("sql/R__People_view.sql"), "CREATE OR REPLACE VIEW people_names AS SELECT name FROM people;\n");
        Files.writeString(flyway.resolve("sql/afterMigrate.sql"), "GRANT SELECT ON people TO PUBLIC;\n");
        Files.writeString(flyway.resolve("sql/beforeEachMigrate.sql"), "SELECT 1;\n");
        Path project = Files.createDirectories(tmp.resolve("app"));
        Cli imported = Cli.run("-C", project.toString(), "import", "flyway", "--from", "../flyway/sql", "--json");
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("\"folder\" : \"20000101000003_cities\"").contains("\"history\" : null");
        assertThat(imported.err()).contains("No database given").contains("beforeEachMigrate has no Manor equivalent");
        assertThat(Files.readString(project.resolve("repeatable/people_view.sql"))).contains("CREATE OR REPLACE VIEW");
        assertThat(Files.readString(project.resolve("callbacks/after-deploy.sql"))).contains("GRANT SELECT ON people");
        assertThat(project.resolve(".manor")).doesNotExist(); // no embedded server was started
    }

    @Test
    void unknownToolAndMissingFolderAreOneLineErrors() {
        Path project = tmp;
        Cli unknown = Cli.run("-C", project.toString(), "import", "rails", "--from", ".");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err().strip()).isEqualTo("manor: unknown tool 'rails': manor imports from prisma, flyway, liquibase");
        Cli missing = Cli.run("-C", project.toString(), "import", "flyway", "--from", "nowhere");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err().strip()).startsWith("manor: no Flyway folder").doesNotContain("\n");
    }

    static String tree(Path dir) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.manor/")).sorted().toList()) {
                sha.update(dir.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(p));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String events(TestDb db) {
        return db.queryOne("SELECT count(*) FROM manor.manor_events") + "/"
                + db.queryOne("SELECT string_agg(id || status || checksum, ',' ORDER BY id) FROM manor.manor_migrations");
    }

    static Cli run(String[] where, String... args) {
        String[] all = new String[where.length + args.length];
        System.arraycopy(where, 0, all, 0, where.length);
        System.arraycopy(args, 0, all, where.length, args.length);
        return Cli.run(all);
    }
}
