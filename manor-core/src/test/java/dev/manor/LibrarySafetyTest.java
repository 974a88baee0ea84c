package dev.manor;

import dev.manor.config.ConnectionSettings;
import dev.manor.deploy.DeployListener;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An application's {@code Manor.configure().project(dir)} gets the same analysis and gates as {@code manor deploy}. */
class LibrarySafetyTest {
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
                default_env = "dev"
                [env.dev]
                url = "%s"
                [env.prod]
                url = "%s"
                protected = true
                """.formatted(db.url(), db.url()));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Manor.Builder prod() {
        return Manor.configure().project(project).environment("prod")
                .shadowServer(new ConnectionSettings(db.server().jdbcUrl("postgres"), null, null));
    }

    @Test
    void aProtectedEnvironmentFromManorTomlRefusesAnUnsafeMigrationAndRecordsIt() {
        // The table must predate the deploy: one created earlier in the same deploy is new, and not a finding.
        prod().skipSafetyChecks("the table predates this test").load().deploy(dev.manor.deploy.Deployer.Options.upTo(INIT));
        assertThatThrownBy(() -> prod().load().deploy())
                .isInstanceOf(ManorException.class)
                .hasMessageContaining("set-not-null").hasMessageContaining("'prod' is protected")
                .hasMessageNotContaining(" --");
        assertThat(db.queryOne("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'person'"
                + " AND column_name = 'name'")).isEqualTo("YES");
        assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'gate-refused'"))
                .isEqualTo(1L);
    }

    @Test
    void theDefaultEnvironmentOnlyWarns() {
        List<String> notices = new ArrayList<>();
        Manor manor = Manor.configure().project(project).listener(new DeployListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }
        }).load();
        assertThat(manor.config().environment()).isEqualTo("dev");
        // As above: SET NOT NULL on a table of an earlier deploy is the finding to warn about.
        assertThat(manor.deploy(dev.manor.deploy.Deployer.Options.upTo(INIT)).applied()).hasSize(1);
        assertThat(manor.deploy().applied()).hasSize(1);
        assertThat(notices).anyMatch(n -> n.contains("[set-not-null]"));
    }

    @Test
    void skippingTheSafetyChecksIsRecordedWithItsReason() {
        assertThat(prod().skipSafetyChecks("emergency fix, approved by Ada").load().deploy().applied()).hasSize(2);
        assertThat(db.queryOne("SELECT detail FROM manor.manor_events WHERE action = 'safety-checks-skipped'"))
                .isEqualTo("emergency fix, approved by Ada");
    }

    @Test
    void overridesAndOptOutsNeedAReason() {
        assertThatThrownBy(() -> prod().overrideGate("staging", " "))
                .isInstanceOf(ManorException.class).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> prod().skipSafetyChecks(null))
                .isInstanceOf(ManorException.class).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> prod().overrideGate("analysis", "because"))
                .isInstanceOf(ManorException.class).hasMessageContaining("no gate 'analysis'");
    }

    @Test
    void anOverriddenGateIsRecordedAndTheNextGateStillRefuses() {
        // Only the first migration: nothing for analysis to refuse, so the production gates decide.
        assertThatThrownBy(() -> prod().overrideGate("staging", "staging is down, approved by Grace").load()
                .deploy(dev.manor.deploy.Deployer.Options.upTo(INIT)))
                .isInstanceOf(ManorException.class).hasMessageContaining("backup gate");
        assertThat(db.queryOne("SELECT detail FROM manor.manor_events WHERE action = 'gate-override'"))
                .asString().contains("staging is down, approved by Grace");
        assertThat(db.queryOne("SELECT to_regclass('public.person')")).isNull();
    }
}
