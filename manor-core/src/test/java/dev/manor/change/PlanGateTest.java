package dev.manor.change;

import dev.manor.DeployOptions;
import dev.manor.GateRefusedException;
import dev.manor.Manor;
import dev.manor.history.Event;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A plan's later steps wait across deploys: for the earlier ones, for their time applied, for a person's confirmation. */
class PlanGateTest {
    @TempDir
    Path tmp;

    /** A clock the test moves forward (the gate compares it with the history's times). */
    static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void laterStepsWaitForEarlierDeploysTheirTimeAndAConfirmation() {
        MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_base",
                "CREATE TABLE account (id bigint PRIMARY KEY, nickname text);\nINSERT INTO account VALUES (1, 'a');",
                "DROP TABLE account;");
        MovableClock clock = new MovableClock();
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.on(db, dir.root()).clock(clock).load();
            manor.deploy();
            ChangePlan plan = ChangePlans.plan(ChangeRequest.of("rename-column").with("table", "account")
                    .with("column", "nickname").with("to", "alias"), SchemaFacts.fromMigrations(manor.migrations()), clock);
            List<Path> steps = ChangePlanWriter.write(dir.root(), plan, clock);
            List<Migration> all = new MigrationRepository(dir.root()).load();
            Migration expand = all.get(1);
            Migration contract = all.get(2);
            Migration drop = all.get(3);
            assertThat(steps).hasSize(3);

            // All three in one deploy: the contract would run while the old application still uses nickname.
            assertThatThrownBy(manor::deploy).isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining(contract.folderName()).hasMessageContaining("is in the same deploy")
                    .hasMessageContaining("manor deploy --to " + expand.id());
            assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns WHERE column_name = 'alias'")).isEqualTo(0L);

            manor.deploy(DeployOptions.defaults().upTo(expand.id()));
            assertThat(manor.plans()).singleElement().satisfies(p -> {
                assertThat(p.plan()).isEqualTo(plan.name());
                assertThat(p.applied()).isEqualTo(1);
                assertThat(p.current().orElseThrow().folder()).isEqualTo(contract.folderName());
                assertThat(p.current().orElseThrow().waitsFor()).contains("to be applied for 1h");
            });
            assertThat(manor.plans(manor.status())).as("from a status report, as 'manor status' reads it")
                    .isEqualTo(manor.plans());
            assertThatThrownBy(manor::deploy).isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining("to be applied for 1h");

            clock.advance(Duration.ofHours(2));
            assertThatThrownBy(manor::deploy).isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining("a person to confirm: no running application version reads or writes \"account\".\"nickname\"");

            assertThat(manor.confirm(plan.name(), "release 42 retired; checked pg_stat_activity"))
                    .startsWith(contract.folderName() + ": confirmed");
            Event confirmed = manor.log(5).stream().filter(e -> e.action().equals(PlanProgress.CONFIRMED)).findFirst().orElseThrow();
            assertThat(confirmed.migrationId()).isEqualTo(contract.id());
            assertThat(confirmed.dbUser()).isNotBlank();
            assertThat(confirmed.detail()).contains("because: release 42 retired");
            assertThat(manor.plans(manor.status())).isEqualTo(manor.plans());
            assertThat(manor.plans().get(0).current().orElseThrow().waitsFor()).isNull(); // confirmed and waited for

            manor.deploy(DeployOptions.defaults().upTo(contract.id()));
            assertThatThrownBy(manor::deploy).isInstanceOf(GateRefusedException.class)
                    .hasMessageContaining(drop.folderName()).hasMessageContaining("to be applied for 7d");

            clock.advance(Duration.ofDays(8));
            manor.deploy();
            assertThat(manor.plans()).singleElement().satisfies(p -> assertThat(p.current()).isEmpty());
            assertThat(db.queryOne("SELECT alias FROM account WHERE id = 1")).isEqualTo("a");
        }
    }

    @Test
    void aNewEnvironmentTakesTheWholePlanAtOnce() {
        MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_base",
                "CREATE TABLE account (id bigint PRIMARY KEY, nickname text);", "DROP TABLE account;");
        Clock clock = Clock.systemUTC();
        ChangePlan plan = ChangePlans.plan(ChangeRequest.of("remove-column").with("table", "account")
                .with("column", "nickname").with("safety-period", "0d"), SchemaFacts.none(), clock);
        ChangePlanWriter.write(dir.root(), plan, clock);
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.on(db, dir.root()).clock(Clock.offset(clock, Duration.ofDays(2))).load();
            assertThat(manor.deploy().applied()).hasSize(3);
        }
    }

    @Test
    void confirmingNeedsAReasonAndAPlanThatAsks() {
        MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_base",
                "CREATE TABLE account (id bigint PRIMARY KEY, nickname text);", "DROP TABLE account;");
        Clock clock = Clock.systemUTC();
        ChangePlanWriter.write(dir.root(), ChangePlans.plan(ChangeRequest.of("add-index").with("table", "account")
                .with("columns", "nickname"), SchemaFacts.none(), clock), clock);
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.load(db, dir.root());
            manor.deploy(DeployOptions.defaults().upTo("20240101000000"));
            assertThatThrownBy(() -> manor.confirm("add_account_nickname_index", " "))
                    .hasMessage("a confirmation needs a reason: add --reason \"<who checked what>\" (it is recorded)");
            assertThatThrownBy(() -> manor.confirm("add_account_nickname_index", "x"))
                    .hasMessage("plan add_account_nickname_index has no step left that waits for a confirmation");
            assertThatThrownBy(() -> manor.confirm("nope", "x"))
                    .hasMessage("no plan or plan step named nope; plans: add_account_nickname_index");
        }
    }
}
