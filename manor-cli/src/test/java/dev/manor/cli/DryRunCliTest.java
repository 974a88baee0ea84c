package dev.manor.cli;

import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy --dry-run runs the analysis and the gates, says what would be refused, and prints the SQL that would run. */
class DryRunCliTest {
    static final String INIT = "20240101000000_init";
    static final String NOT_NULL = "20240102000000_require_name";

    @TempDir
    Path project;
    TestDb db;

    @BeforeEach
    void project() throws IOException {
        db = PgServers.freshDb();
        new MigrationsDir(project.resolve("migrations"))
                .add(INIT, "CREATE TABLE person (id int PRIMARY KEY, name text);\n", "DROP TABLE person;\n")
                .add(NOT_NULL, "ALTER TABLE person ALTER COLUMN name SET NOT NULL;\n",
                        "ALTER TABLE person ALTER COLUMN name DROP NOT NULL;\n");
        Files.writeString(project.resolve("manor.toml"), """
                [env.dev]
                url = "%s"
                lock_timeout = "2s"
                [env.prod]
                url = "%s"
                protected = true
                """.formatted(db.url(), db.url()));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void anUnsafeMigrationToAProtectedEnvironmentFailsTheDryRunAndNamesTheFinding() {
        // The table predates the deploy (one created earlier in the same deploy is new, and not a finding).
        assertThat(Cli.run("-C", project.toString(), "deploy", "--to", INIT.substring(0, 14)).code()).isZero();
        Object eventsBefore = db.queryOne("SELECT count(*) FROM manor.manor_events");
        Cli dry = Cli.run("-C", project.toString(), "deploy", "--env", "prod", "--dry-run", "--shadow-url", db.url());
        assertThat(dry.code()).as(dry.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(dry.err()).contains("would be refused").contains("[set-not-null]").contains(NOT_NULL.substring(0, 14));
        // The production gates speak too, with the command line's way past them.
        assertThat(dry.err()).contains("refused by the staging gate").contains("--skip-staging-gate");
        assertThat(dry.out()).contains("ALTER TABLE person ALTER COLUMN name SET NOT NULL;");
        // Nothing changed, nothing recorded.
        assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events")).isEqualTo(eventsBefore);
        assertThat(db.queryOne("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'person'"
                + " AND column_name = 'name'")).isEqualTo("YES");
    }

    @Test
    void theDryRunPrintsTheSessionSettingsAndTheBookkeepingThatWillRun() {
        Cli dry = Cli.run("-C", project.toString(), "deploy", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out())
                .contains("SELECT pg_try_advisory_lock(")
                .contains("BEGIN;\nSET LOCAL lock_timeout = 2000;\nSET LOCAL statement_timeout = 0;\n"
                        + "CREATE TABLE person (id int PRIMARY KEY, name text);\n"
                        + "INSERT INTO \"manor\".manor_migrations")
                .contains("INSERT INTO \"manor\".manor_events (action, migration_id, outcome")
                .contains("COMMIT;");
        // Nothing changed, nothing recorded: not even the history tables exist.
        assertThat(db.queryOne("SELECT to_regclass('public.person')")).isNull();
        assertThat(db.queryOne("SELECT to_regclass('manor.manor_events')")).isNull();

        assertThat(Cli.run("-C", project.toString(), "deploy").code()).isZero();
        Cli back = Cli.run("-C", project.toString(), "rollback", "--dry-run");
        assertThat(back.code()).as(back.err()).isZero();
        assertThat(back.out()).contains("ALTER TABLE person ALTER COLUMN name DROP NOT NULL;")
                .contains("SET status = 'rolled_back'").contains("SET LOCAL lock_timeout = 2000;");
        assertThat(db.queryOne("SELECT status FROM manor.manor_migrations WHERE id = '20240102000000'"))
                .isEqualTo("applied");
    }
}
