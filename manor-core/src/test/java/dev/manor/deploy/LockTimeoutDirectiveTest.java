package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.config.RetryPolicy;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code -- manor:lock-timeout}: a migration's own lock_timeout in place of the configured one. */
class LockTimeoutDirectiveTest {
    private static final Duration CONFIGURED = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void theDirectiveSetsLockTimeoutForItsOwnMigrationOnly() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_tx", "-- manor:lock-timeout 100ms\n"
                            + "CREATE TABLE seen_tx AS SELECT current_setting('lock_timeout') AS v;", "SELECT 1;")
                    .add("20240101000001_stepwise", "-- manor:no-transaction\n-- manor:lock-timeout 250ms\n"
                            + "CREATE TABLE seen_step AS SELECT current_setting('lock_timeout') AS v;", "SELECT 1;")
                    .add("20240101000002_plain",
                            "CREATE TABLE seen_plain AS SELECT current_setting('lock_timeout') AS v;", "SELECT 1;");
            Manors.on(db, dir.root()).lockTimeout(CONFIGURED).load().deploy();
            assertThat(db.queryOne("SELECT v FROM seen_tx")).isEqualTo("100ms");
            assertThat(db.queryOne("SELECT v FROM seen_step")).isEqualTo("250ms");
            assertThat(db.queryOne("SELECT v FROM seen_plain")).isEqualTo("5s");
        }
    }

    @Test
    void downSqlCarriesItsOwnDirective() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_t", "CREATE TABLE t (id int);",
                    "-- manor:lock-timeout 150ms\nDROP TABLE t;\n"
                            + "CREATE TABLE seen_down AS SELECT current_setting('lock_timeout') AS v;");
            Manor manor = Manors.on(db, dir.root()).lockTimeout(CONFIGURED).load();
            manor.deploy();
            manor.rollback(Rollbacker.Target.steps(1), false);
            assertThat(db.queryOne("SELECT v FROM seen_down")).isEqualTo("150ms");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-- manor:no-transaction\n"})
    void aBlockedMigrationTimesOutAfterItsOwnLockTimeoutAndRetries(String mode) throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE busy (id int)");
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_add_col",
                    mode + "-- manor:lock-timeout 100ms\nALTER TABLE busy ADD COLUMN note text;",
                    "ALTER TABLE busy DROP COLUMN note;");
            AtomicInteger retries = new AtomicInteger();
            Manor manor = Manors.on(db, dir.root()).lockTimeout(CONFIGURED)
                    .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)))
                    .listener(new DeployListener() {
                        @Override
                        public void retrying(Migration m, SqlStatement s, int attempt, Duration backoff, String reason) {
                            retries.incrementAndGet();
                        }
                    }).load();
            try (Connection blocker = db.connect()) {
                blocker.setAutoCommit(false);
                try (Statement s = blocker.createStatement()) {
                    s.execute("SELECT * FROM busy"); // ACCESS SHARE, held until commit: blocks ALTER TABLE
                }
                long started = System.nanoTime();
                assertThatThrownBy(manor::deploy).isInstanceOf(ManorException.class)
                        .hasMessageContaining("lock timeout");
                long tookMs = (System.nanoTime() - started) / 1_000_000;
                // two 100 ms waits; the configured 5 s would take 10 s
                assertThat(tookMs).isGreaterThanOrEqualTo(200).isLessThan(2000);
                assertThat(retries.get()).isEqualTo(1);
                blocker.rollback();
            }
            assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns "
                    + "WHERE table_name = 'busy' AND column_name = 'note'")).isEqualTo(0L);
        }
    }

    @Test
    void aBadValueIsRefusedWithFileAndLineBeforeAnythingRuns() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_first", "CREATE TABLE first (id int);", "DROP TABLE first;")
                    .add("20240101000001_bad", "CREATE TABLE second (id int);\n-- manor:lock-timeout soon\n",
                            "DROP TABLE second;");
            Manor manor = Manors.on(db, dir.root()).load();
            assertThatThrownBy(manor::deploy).isInstanceOf(ManorException.class)
                    .hasMessageContaining("20240101000001_bad/migration.sql:2: manor:lock-timeout: 'soon' is not a duration")
                    .hasMessageNotContaining("\n");
            assertThat(db.queryOne("SELECT count(*) FROM pg_tables WHERE tablename IN ('first', 'second')"))
                    .isEqualTo(0L);
        }
    }

    @Test
    void zeroIsRefusedBecauseItWouldWaitForever() {
        assertThatThrownBy(() -> dev.manor.migration.Directive.lockTimeout("-- manor:lock-timeout 0ms\n", "m.sql"))
                .hasMessage("m.sql:1: manor:lock-timeout: 0 would wait for locks forever; write a positive duration"
                        + " such as 100ms");
    }
}
