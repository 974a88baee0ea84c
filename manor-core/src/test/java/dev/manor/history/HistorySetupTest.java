package dev.manor.history;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.config.RetryPolicy;
import dev.manor.deploy.DeployListener;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A history owned by a role of its own: the deploy role deploys and logs, and cannot rewrite the log. */
class HistorySetupTest {
    @TempDir
    Path dir;

    @Test
    void theDeployRoleAddsEventsButCannotDisableReplaceRewriteOrDropTheLog() throws SQLException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "manor_history_" + suffix;
        String deployer = "manor_deploy_" + suffix;
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE ROLE " + owner + " NOLOGIN; CREATE ROLE " + deployer + " LOGIN;"
                    + "GRANT CREATE ON SCHEMA public TO " + deployer);
            try {
                String deployUrl = db.url().replace("user=postgres", "user=" + deployer);
                MigrationsDir migrations = new MigrationsDir(dir.resolve("migrations"))
                        .add("20240101000000_items", "CREATE TABLE items (id int);", "DROP TABLE items;");
                try (Connection c = db.connect()) {
                    new HistorySetup("manor", owner, deployer).apply(c);
                }
                assertThat(db.queryOne("SELECT tableowner FROM pg_tables WHERE tablename = 'manor_events'")).isEqualTo(owner);

                Manor manor = Manor.configure().connection(deployUrl, null, null).migrations(migrations.root())
                        .retry(new RetryPolicy(5, Duration.ofMillis(50), Duration.ofMillis(400)))
                        .listener(DeployListener.SILENT).load();
                manor.deploy();
                manor.rollback(dev.manor.deploy.Rollbacker.Target.steps(1), false);
                manor.deploy();
                assertThat(manor.log(10)).extracting(Event::action).containsSubsequence("deploy", "rollback", "deploy");
                assertThat(manor.log(10)).extracting(Event::dbUser).containsOnly(deployer);

                try (Connection c = DriverManager.getConnection(deployUrl); Statement s = c.createStatement()) {
                    for (String attack : new String[] {
                            "ALTER TABLE manor.manor_events DISABLE TRIGGER USER",
                            "CREATE OR REPLACE FUNCTION manor.manor_events_stamp() RETURNS trigger LANGUAGE plpgsql"
                                    + " AS $f$ BEGIN RETURN NEW; END $f$",
                            "ALTER TABLE manor.manor_events ALTER COLUMN detail TYPE text USING 'nothing happened'",
                            "DROP TABLE manor.manor_events",
                            "UPDATE manor.manor_events SET detail = 'x'",
                            "DELETE FROM manor.manor_events",
                            "TRUNCATE manor.manor_events",
                            "SET session_replication_role = replica",
                            "CREATE TABLE manor.decoy (x int)"}) {
                        assertThatThrownBy(() -> s.execute(attack)).as(attack).isInstanceOf(SQLException.class)
                                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("permission denied",
                                        "must be owner", "append-only"));
                    }
                    // It may still add an event, but the server says when and who, and chains it.
                    s.execute("INSERT INTO manor.manor_events (seq, at, action, outcome, db_user) OVERRIDING SYSTEM"
                            + " VALUE VALUES (1, '2001-01-01', 'proof', 'passed', 'postgres')");
                }
                assertThat(db.queryOne("SELECT db_user || ' ' || (seq > 1) || ' ' || (at > now() - interval '1 hour')"
                        + " FROM manor.manor_events WHERE action = 'proof'")).isEqualTo(deployer + " true true");
                assertThat(manor.verifyLog().intact()).isTrue();
            } finally {
                db.exec("DROP OWNED BY " + owner + ", " + deployer + " CASCADE");
                dropRoles(db, owner, deployer);
            }
        }
    }

    private static void dropRoles(TestDb db, String... roles) {
        try (Connection c = DriverManager.getConnection(db.server().jdbcUrl("postgres")); Statement s = c.createStatement()) {
            for (String r : roles) {
                s.execute("DROP ROLE IF EXISTS " + r);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deploy role cannot upgrade an earlier log that it does not own: it is told how, instead of a bare SQL error. */
    @Test
    void anEarlierLogOwnedByAnotherRoleNamesTheSetupThatUpgradesIt() {
        String deployer = "manor_deploy_" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE ROLE " + deployer + " LOGIN;"
                    + "CREATE SCHEMA manor;"
                    + "CREATE TABLE manor.manor_migrations (id text PRIMARY KEY);"
                    + "CREATE TABLE manor.manor_events (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " at timestamptz NOT NULL DEFAULT clock_timestamp(), action text NOT NULL, migration_id text,"
                    + " outcome text NOT NULL, detail text, environment text, db_user text NOT NULL DEFAULT current_user,"
                    + " os_user text, host text, manor_version text);"
                    + "GRANT USAGE ON SCHEMA manor TO " + deployer + ";"
                    + "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA manor TO " + deployer);
            try (Connection c = DriverManager.getConnection(db.url().replace("user=postgres", "user=" + deployer))) {
                assertThatThrownBy(() -> new HistoryStore("manor", "prod").ensureTables(c))
                        .isInstanceOf(ManorException.class)
                        .hasMessage("the deployment log in schema manor predates the hash chain and only its owner can"
                                + " upgrade it: run 'manor history setup --owner <role> --deployer <role>' as a"
                                + " superuser (docs/history.md)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                db.exec("DROP OWNED BY " + deployer);
                dropRoles(db, deployer);
            }
        }
    }

    @Test
    void aSuperuserOrAMemberOfTheOwnerIsRefusedAsTheDeployRole() throws SQLException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "manor_history_" + suffix;
        String member = "manor_member_" + suffix;
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE ROLE " + owner + " NOLOGIN; CREATE ROLE " + member + " LOGIN IN ROLE " + owner);
            try (Connection c = db.connect()) {
                assertThatThrownBy(() -> new HistorySetup("manor", owner, "postgres").apply(c))
                        .isInstanceOf(ManorException.class).hasMessageContaining("postgres is a superuser");
                assertThatThrownBy(() -> new HistorySetup("manor", owner, member).apply(c))
                        .isInstanceOf(ManorException.class).hasMessageContaining("is (a member of) " + owner);
                assertThatThrownBy(() -> new HistorySetup("manor", "no_such_role_" + suffix, member).apply(c))
                        .hasMessageContaining("does not exist; create it first");
            } finally {
                dropRoles(db, member, owner);
            }
        }
    }
}
