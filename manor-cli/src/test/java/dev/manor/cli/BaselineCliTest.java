package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code manor baseline --to}: accepts a database whose schema the migrations build, refuses one that differs. */
class BaselineCliTest {
    @TempDir
    Path tmp;

    private Path project() throws Exception {
        Path m = tmp.resolve("app/migrations");
        migration(m, "20240101000000_people", "CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL);\n",
                "DROP TABLE people;\n");
        migration(m, "20240102000000_email", "ALTER TABLE people ADD COLUMN email text;\n",
                "ALTER TABLE people DROP COLUMN email;\n");
        migration(m, "20240103000000_cities", "CREATE TABLE cities (id int PRIMARY KEY);\n", "DROP TABLE cities;\n");
        return tmp.resolve("app");
    }

    private static void migration(Path root, String folder, String up, String down) throws Exception {
        Path dir = Files.createDirectories(root.resolve(folder));
        Files.writeString(dir.resolve("migration.sql"), up);
        Files.writeString(dir.resolve("down.sql"), down);
    }

    /** The schema as someone made it by hand: the first two migrations' effect, in other words. */
    private static void byHand(TestDb db) {
        db.exec("CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, email text)");
    }

    /** One database: refused while it differs (each object named, nothing recorded), accepted once it matches. */
    @Test
    void aDatabaseThatDiffersIsRefusedNamingTheObjectAndOneThatMatchesIsBaselined() throws Exception {
        Path project = project();
        try (TestDb db = PgServers.freshDb()) {
            byHand(db);
            db.exec("ALTER TABLE people ADD COLUMN phone text");
            db.exec("CREATE INDEX people_name ON people (name)");
            String[] where = {"-C", project.toString()};
            Cli refused = ImportFlywayCliTest.run(where, "baseline", "--to", "20240102000000_email", "--url", db.url(),
                    "--shadow-url", db.url());
            assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(refused.err()).contains("2 differences; nothing recorded").contains("people.phone")
                    .contains("people_name");
            assertThat(refused.err().lines().filter(l -> l.startsWith("  - ")).count()).isEqualTo(2);
            if (db.queryOne("SELECT to_regclass('manor.manor_migrations')") != null) {
                assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations")).isEqualTo(0L);
            }

            db.exec("DROP INDEX people_name");
            db.exec("ALTER TABLE people DROP COLUMN phone");
            Cli baseline = ImportFlywayCliTest.run(where, "baseline", "--to", "20240102000000", "--url", db.url(),
                    "--shadow-url", db.url());
            assertThat(baseline.code()).as(baseline.err()).isZero();
            assertThat(baseline.out().lines()).containsExactly("20240101000000_people", "20240102000000_email");
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'baseline'")).isEqualTo(2L);
            Cli deploy = ImportFlywayCliTest.run(where, "deploy", "--url", db.url());
            assertThat(deploy.code()).as(deploy.err()).isZero();
            assertThat(deploy.out()).contains("Applied 1 migration");
            assertThat(deploy.err()).contains("20240103000000_cities").doesNotContain("20240101000000_people ...");
        }
    }
}
