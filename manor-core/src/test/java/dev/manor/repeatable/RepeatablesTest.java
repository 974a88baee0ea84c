package dev.manor.repeatable;

import dev.manor.DeployOptions;
import dev.manor.GateRefusedException;
import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.MigrationFailedException;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.DeployResult;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.proof.DriftCheck;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepeatablesTest {
    @TempDir
    Path tmp;

    private MigrationsDir accounts() {
        return new MigrationsDir(tmp.resolve("migrations"))
                .add("20240101000000_create_account", "CREATE TABLE account (id bigint PRIMARY KEY, active boolean"
                        + " NOT NULL DEFAULT true);", "DROP TABLE account;")
                .add("20240102000000_add_email", "ALTER TABLE account ADD COLUMN email text;",
                        "ALTER TABLE account DROP COLUMN email;");
    }

    private void write(String folder, String file, String sql) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(folder));
        Files.writeString(dir.resolve(file), sql);
    }

    private static String viewDefinition(TestDb db, String view) {
        return String.valueOf(db.queryOne("SELECT pg_get_viewdef('" + view + "'::regclass)"));
    }

    @Test
    void repeatablesApplyAfterTheMigrationsAndAgainOnlyWhenTheirFileChanges() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            // The view reads a column the second migration adds: it only works after the versioned migrations.
            write("repeatable", "active_accounts.sql",
                    "CREATE OR REPLACE VIEW active_accounts AS SELECT id, email FROM account WHERE active;\n");
            Manor manor = Manors.load(db, accounts().root());
            assertThat(manor.status().pendingRepeatables()).extracting(StatusReport.Repeatable::state)
                    .containsExactly(StatusReport.RepeatableState.NEW);

            DeployResult first = manor.deploy();

            assertThat(first.applied()).hasSize(2);
            assertThat(first.repeatables()).containsExactly("repeatable/active_accounts.sql");
            assertThat(viewDefinition(db, "active_accounts")).contains("email");
            assertThat(manor.status().upToDate()).isTrue();
            assertThat(manor.deploy().nothingToDo()).isTrue();
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'repeatable'")).isEqualTo(1L);

            write("repeatable", "active_accounts.sql",
                    "CREATE OR REPLACE VIEW active_accounts AS SELECT id, email, active FROM account WHERE active;\n");
            StatusReport changed = manor.status();
            assertThat(changed.upToDate()).isFalse();
            assertThat(changed.pendingRepeatables()).extracting(StatusReport.Repeatable::state)
                    .containsExactly(StatusReport.RepeatableState.CHANGED);
            assertThat(manor.dryRun().repeatables()).containsExactly("repeatable/active_accounts.sql");
            assertThat(manor.dryRun().script()).contains("SELECT id, email, active FROM account");

            DeployResult second = manor.deploy();

            assertThat(second.applied()).isEmpty();
            assertThat(second.repeatables()).containsExactly("repeatable/active_accounts.sql");
            assertThat(viewDefinition(db, "active_accounts")).contains("active");
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'repeatable'")).isEqualTo(2L);
            assertThat(db.queryOne("SELECT sql FROM manor.manor_repeatables WHERE name = 'active_accounts'"))
                    .asString().contains("email, active");
        }
    }

    @Test
    void aFailingRepeatableAppliesNoneOfThemAndNamesItsLine() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            write("repeatable", "a_good.sql", "CREATE OR REPLACE VIEW good AS SELECT id FROM account;\n");
            write("repeatable", "b_bad.sql", "CREATE OR REPLACE VIEW bad AS\n  SELECT no_such_column FROM account;\n");
            Manor manor = Manors.load(db, accounts().root());

            assertThatThrownBy(manor::deploy).isInstanceOf(MigrationFailedException.class)
                    .hasMessageStartingWith("repeatable/b_bad.sql:2: column \"no_such_column\" does not exist");

            // The migrations are applied (each committed on its own); neither repeatable is.
            assertThat(manor.status().entries()).extracting(StatusReport.Entry::state)
                    .containsOnly(MigrationState.APPLIED);
            assertThat(db.queryOne("SELECT to_regclass('good') IS NULL")).isEqualTo(true);
            assertThat(manor.status().pendingRepeatables()).hasSize(2);
        }
    }

    @Test
    void aDeployThatStopsShortOfTheNewestMigrationLeavesRepeatablesForTheNext() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            write("repeatable", "active_accounts.sql",
                    "CREATE OR REPLACE VIEW active_accounts AS SELECT id, email FROM account WHERE active;\n");
            Manor manor = Manors.load(db, accounts().root());

            DeployResult partial = manor.deploy(DeployOptions.defaults().upTo("20240101000000"));

            assertThat(partial.repeatables()).isEmpty();
            assertThat(db.queryOne("SELECT to_regclass('active_accounts') IS NULL")).isEqualTo(true);
            assertThat(manor.deploy().repeatables()).containsExactly("repeatable/active_accounts.sql");
        }
    }

    @Test
    void callbacksRunAroundADeployWithWorkInItsTransactionsAndAreLogged() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE callback_log (seq serial PRIMARY KEY, what text NOT NULL)");
            write("callbacks", "before-deploy.sql", "INSERT INTO callback_log (what) VALUES ('before');\n");
            write("callbacks", "after-migration.sql", "INSERT INTO callback_log (what) VALUES ('each');\n");
            write("callbacks", "after-deploy.sql", "INSERT INTO callback_log (what) VALUES ('after');\n");
            Manor manor = Manors.load(db, accounts().root());

            manor.deploy();
            manor.deploy(); // nothing to do: no callback runs

            assertThat(db.queryOne("SELECT string_agg(what, ',' ORDER BY seq) FROM callback_log"))
                    .isEqualTo("before,each,each,after");
            assertThat(db.queryOne("SELECT string_agg(coalesce(migration_id, '-') || ' ' || detail, ',' ORDER BY seq)"
                    + " FROM manor.manor_events WHERE action = 'callback'"))
                    .isEqualTo("- callbacks/before-deploy.sql,20240101000000 callbacks/after-migration.sql,"
                            + "20240102000000 callbacks/after-migration.sql,- callbacks/after-deploy.sql");
        }
    }

    @Test
    void aFailingAfterMigrationCallbackFailsThatMigrationWhichRollsBackWhole() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            write("callbacks", "after-migration.sql", "GRANT SELECT ON account TO no_such_role_" + suffix() + ";\n");
            Manor manor = Manors.load(db, accounts().root());

            assertThatThrownBy(manor::deploy).isInstanceOf(MigrationFailedException.class)
                    .hasMessageStartingWith("callbacks/after-migration.sql:1: role \"no_such_role_");

            assertThat(db.queryOne("SELECT to_regclass('account') IS NULL")).isEqualTo(true);
            assertThat(manor.status().entries().get(0).state()).isEqualTo(MigrationState.FAILED);
        }
    }

    @Test
    void anUnknownCallbackFileIsRefusedBeforeAnythingRuns() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            write("callbacks", "after-deploi.sql", "SELECT 1;\n");
            Manor manor = Manors.load(db, accounts().root());

            assertThatThrownBy(manor::deploy).isInstanceOf(ManorException.class)
                    .hasMessage("callbacks/after-deploi.sql is not a callback Manor runs (did you mean after-deploy.sql?);"
                            + " known: before-deploy.sql, after-migration.sql, after-deploy.sql");
            assertThat(db.queryOne("SELECT to_regclass('account') IS NULL")).isEqualTo(true);
        }
    }

    @Test
    void driftRebuildsTheRepeatablesAsAppliedAndSkipsTheCallbacks() throws Exception {
        String role = "app_ro_" + suffix();
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE ROLE " + role);
            write("repeatable", "active_accounts.sql",
                    "CREATE OR REPLACE VIEW active_accounts AS SELECT id, email FROM account WHERE active;\n");
            // The role exists only on the live server: a callback run in the shadow would fail the rebuild.
            write("callbacks", "after-deploy.sql", "GRANT SELECT ON active_accounts TO " + role + ";\n");
            Manor manor = Manors.load(db, accounts().root());
            manor.deploy();
            // Edited but not deployed: the live view is still the applied text, and so is the rebuilt one.
            write("repeatable", "active_accounts.sql", "CREATE OR REPLACE VIEW active_accounts AS SELECT id FROM account;\n");

            try (ShadowProvider provider = ShadowProvider.embedded(db.major()); Connection c = db.connect()) {
                DriftCheck.Result result = DriftCheck.run(c, List.of("public"), manor.status(), provider);

                assertThat(result.notes()).noneMatch(n -> n.startsWith("drift not checked"));
                assertThat(result.drifted()).as("%s", result.diff().changes()).isFalse();

                db.exec("DROP VIEW active_accounts");
                assertThat(DriftCheck.run(c, List.of("public"), manor.status(), provider).drifted()).isTrue();
            }
        }
    }

    @Test
    void resetAppliesTheRepeatablesAgain() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            write("repeatable", "active_accounts.sql", "CREATE OR REPLACE VIEW active_accounts AS SELECT id FROM account;\n");
            Manor manor = Manors.load(db, accounts().root());
            manor.deploy();

            DeployResult reset = manor.reset();

            assertThat(reset.repeatables()).containsExactly("repeatable/active_accounts.sql");
            assertThat(db.queryOne("SELECT to_regclass('active_accounts') IS NOT NULL")).isEqualTo(true);
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
    @Test
    void theAnalysisGateJudgesTheRepeatablesAndCallbacksADeployRunsLikeItsMigrations() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            Manors.load(db, accounts().root()).deploy();
            List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
            DeployListener capture = new DeployListener() {
                @Override
                public void notice(String message) {
                    notices.add(message);
                }
            };
            Manor production = Manors.on(db, accounts().root()).protectedEnvironment("prod").listener(capture).load();

            // an index built under a SHARE lock on a table in use: refused where production is
            write("repeatable", "account_email.sql", "CREATE INDEX account_email ON account (email);\n");
            assertThatThrownBy(production::deploy).isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining("repeatable/account_email.sql:1 [create-index-non-concurrent]")
                    .hasMessageContaining("protected");
            assertThat(db.queryOne("SELECT to_regclass('account_email')")).isNull();
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'gate-refused'"))
                    .isEqualTo(1L);
            // the same in a dry run: refused, nothing recorded
            assertThat(production.dryRun().refusals()).hasSize(1);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'gate-refused'"))
                    .isEqualTo(1L);
            // elsewhere a warning, and the deploy goes on
            Manor dev = Manors.on(db, accounts().root()).listener(capture).load();
            dev.deploy();
            assertThat(notices).anyMatch(n -> n.startsWith("ERROR repeatable/account_email.sql"
                    + " [create-index-non-concurrent]"));
            assertThat(db.queryOne("SELECT to_regclass('account_email')")).isNotNull();

            // CONCURRENTLY cannot run in the transaction a repeatable runs in: refused in every environment
            write("repeatable", "account_email.sql", "DROP INDEX IF EXISTS account_email;\n"
                    + "CREATE INDEX CONCURRENTLY account_email ON account (email);\n");
            assertThatThrownBy(dev::deploy).isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining("a script cannot succeed as written")
                    .hasMessageContaining("repeatable/account_email.sql:2 [concurrently-in-transaction]");
            // a callback runs with every deploy that has work, and is judged with it
            write("repeatable", "account_email.sql", "SELECT 1;\n");
            write("callbacks", "after-deploy.sql", "VACUUM FULL account;\n");
            assertThatThrownBy(production::deploy).isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining("callbacks/after-deploy.sql:1");
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_repeatables")).isEqualTo(1L);
        }
    }
}
