package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.history.MigrationState;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RollbackTest {
    @TempDir
    Path tmp;

    private MigrationsDir dir() {
        return new MigrationsDir(tmp)
                .add("20240101000000_a", "CREATE TABLE a (id int);", "DROP TABLE a;")
                .add("20240102000000_b", "CREATE TABLE b (id int);", "DROP TABLE b;")
                .add("20240103000000_c", "CREATE TABLE c (id int);", "DROP TABLE c;");
    }

    @Test
    void rollbackTwoStepsRecordsThemAndDeployReappliesThem() {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.load(db, dir().root());
            manor.deploy();

            DeployResult result = manor.rollback(Rollbacker.Target.steps(2), false);

            assertThat(result.applied()).extracting(a -> a.step().migration().id())
                    .containsExactly("20240103000000", "20240102000000");
            assertThat(db.queryOne("SELECT to_regclass('public.b')")).isNull();
            assertThat(db.queryOne("SELECT to_regclass('public.a')")).isNotNull();
            assertThat(manor.status().find("20240103000000").orElseThrow().state()).isEqualTo(MigrationState.ROLLED_BACK);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'rollback' AND outcome = 'rolled_back'"))
                    .isEqualTo(2L);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE rolled_back_at IS NOT NULL")).isEqualTo(2L);

            manor.deploy();
            assertThat(manor.status().upToDate()).isTrue();
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE rolled_back_at IS NOT NULL")).isEqualTo(0L);
        }
    }

    @Test
    void rollbackToAnIdKeepsThatOne() {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.load(db, dir().root());
            manor.deploy();
            manor.rollback(Rollbacker.Target.to("20240101000000"), false);
            assertThat(db.queryOne("SELECT to_regclass('public.a')")).isNotNull();
            assertThat(db.queryOne("SELECT to_regclass('public.b')")).isNull();
        }
    }

    @Test
    void emptyOrMissingDownIsRefusedAndNothingChanges() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = dir();
            Manor manor = Manors.load(db, dir.root());
            manor.deploy();
            dir.write("20240103000000_c", "down.sql", "-- nothing here\n");
            assertThatThrownBy(() -> manor.rollback(Rollbacker.Target.steps(1), false))
                    .hasMessageContaining("20240103000000_c/down.sql has no statements");
            assertThat(db.queryOne("SELECT to_regclass('public.c')")).isNotNull();
        }
    }

    @Test
    void failingDownLeavesTheMigrationAppliedAndLogsTheFailure() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = dir();
            Manor manor = Manors.load(db, dir.root());
            manor.deploy();
            dir.write("20240103000000_c", "down.sql", "DROP TABLE c; DROP TABLE does_not_exist;");
            assertThatThrownBy(() -> manor.rollback(Rollbacker.Target.steps(1), false))
                    .hasMessageContaining("down.sql:1").hasMessageContaining("does_not_exist");
            assertThat(db.queryOne("SELECT to_regclass('public.c')")).isNotNull();
            assertThat(manor.status().find("20240103000000").orElseThrow().state()).isEqualTo(MigrationState.APPLIED);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'rollback' AND outcome = 'failed'"))
                    .isEqualTo(1L);
        }
    }

    @Test
    void dryRunPrintsDownSqlAndChangesNothing() {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.load(db, dir().root());
            manor.deploy();
            DeployResult plan = manor.rollback(Rollbacker.Target.steps(2), true);
            assertThat(plan.plan()).extracting(p -> p.statements().get(0).sql()).containsExactly("DROP TABLE c", "DROP TABLE b");
            assertThat(db.queryOne("SELECT to_regclass('public.c')")).isNotNull();
        }
    }

    @Test
    void resetEmptiesSchemasKeepsTheLogAndReapplies() {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.load(db, dir().root());
            manor.deploy();
            db.exec("INSERT INTO a VALUES (42); CREATE TABLE stray (id int)");
            manor.reset();
            assertThat(db.queryOne("SELECT count(*) FROM a")).isEqualTo(0L);
            assertThat(db.queryOne("SELECT to_regclass('public.stray')")).isNull();
            assertThat(manor.status().upToDate()).isTrue();
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'reset'")).isEqualTo(1L);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'deploy'")).isEqualTo(6L);
        }
    }

    @Test
    void resetIsRefusedInAProtectedEnvironment() {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.on(db, dir().root()).protectedEnvironment("prod")
                    .skipSafetyChecks("only reset's refusal is under test").load();
            manor.deploy();
            assertThatThrownBy(manor::reset).hasMessageContaining("protected");
            assertThat(db.queryOne("SELECT to_regclass('public.a')")).isNotNull();
        }
    }

    @Test
    void eventsAreAppendOnly() {
        try (TestDb db = PgServers.freshDb()) {
            Manor manor = Manors.load(db, dir().root());
            manor.deploy();
            assertThatThrownBy(() -> db.exec("DELETE FROM manor.manor_events")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.exec("UPDATE manor.manor_events SET outcome = 'x'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.exec("TRUNCATE manor.manor_events")).hasMessageContaining("append-only");
        }
    }
}
