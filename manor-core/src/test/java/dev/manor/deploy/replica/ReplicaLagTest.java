package dev.manor.deploy.replica;

import dev.manor.Manor;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.ReplicaSettings;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.DeployResult;
import dev.manor.testing.DebianPostgres;
import dev.manor.testing.MigrationsDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real primary with two streaming standbys (Debian's PostgreSQL 15, pg_basebackup -R). The "slow" standby replays
 * each commit 700 ms late (recovery_min_apply_delay), which makes lag deterministic.
 */
class ReplicaLagTest {
    private static final int PRIMARY = DebianPostgres.freePort();
    private static final int FAST = DebianPostgres.freePort();
    private static final int SLOW = DebianPostgres.freePort();
    private static final int STUCK = DebianPostgres.freePort();
    private static final int NOTHING_THERE = DebianPostgres.freePort();
    private static DebianPostgres servers;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPrimaryAndStandbys() throws Exception {
        DebianPostgres.requireInstalled(false);
        servers = DebianPostgres.workspace();
        servers.startPrimary(PRIMARY);
        servers.startStandby(PRIMARY, FAST, "fast");
        servers.startStandby(PRIMARY, SLOW, "slow", "recovery_min_apply_delay = '700ms'");
    }

    @AfterAll
    static void stopAll() {
        if (servers != null) {
            servers.close();
        }
    }

    /** A fresh database on the primary with a 10,000-row table. */
    private static String freshDatabase() {
        String name = "r" + DATABASES.incrementAndGet();
        DebianPostgres.exec(PRIMARY, "CREATE DATABASE " + name);
        exec(PRIMARY, name, "CREATE TABLE item (id bigint PRIMARY KEY, label text);"
                + " INSERT INTO item (id) SELECT g FROM generate_series(1, 10000) g");
        return name;
    }

    private MigrationsDir backfillMigration() {
        // 10 batches with 100 ms between them: lag past 250 ms builds up within a few batches
        return new MigrationsDir(tmp).add("20240101000000_label", "ALTER TABLE item ADD COLUMN tag text;",
                "ALTER TABLE item DROP COLUMN tag;").write("20240101000000_label", "backfill.sql",
                "-- manor:backfill batch=1000 pause=100ms\nUPDATE item SET label = 'L' || id;\n");
    }

    private static Manor.Builder manor(String database, Path migrations, ReplicaSettings replicas, List<String> notices) {
        return Manor.configure().connection(DebianPostgres.jdbcUrl(PRIMARY, database), null, null)
                .migrations(migrations).replicas(replicas).listener(new DeployListener() {
                    @Override
                    public void notice(String message) {
                        notices.add(message);
                    }
                });
    }

    @Test
    void aBackfillPausesWhileTheSlowStandbyLagsPastTheCeilingRecordsThePeakAndWaitsForTheCatchUp() throws Exception {
        String db = freshDatabase();
        List<String> notices = new CopyOnWriteArrayList<>();
        ReplicaSettings ceiling = ReplicaSettings.DEFAULT.withMaxLag(Duration.ofMillis(250))
                .withCatchupTimeout(Duration.ofSeconds(30));
        DeployResult result = manor(db, backfillMigration().root(), ceiling, notices).load().deploy();

        assertThat(notices).anyMatch(n -> n.startsWith("replicas: ") && n.contains("fast@") && n.contains("slow@"));
        List<String> pauses = notices.stream().filter(n -> n.contains(": pausing the backfill of")).toList();
        assertThat(pauses).hasSizeGreaterThanOrEqualTo(2).allMatch(n -> n.startsWith("replica slow@"));
        assertThat(notices.stream().filter(n -> n.contains(": resuming the backfill of")).count())
                .isEqualTo(pauses.size());
        long peak = result.applied().get(0).report().replicaLagPeakMs();
        assertThat(peak).isGreaterThan(250);
        assertThat(query(PRIMARY, db, "SELECT report->>'replicaLagPeakMs' FROM manor.manor_migrations"))
                .isEqualTo(Long.toString(peak));
        // returned only once the 700 ms-late standby had replayed the whole backfill
        assertThat(query(SLOW, db, "SELECT count(*) FROM item WHERE label = 'L' || id")).isEqualTo("10000");
    }

    @Test
    void unthrottledTheSameBackfillLetsTheLagGrowPastTheCeiling() throws Exception {
        String db = freshDatabase();
        List<String> notices = new CopyOnWriteArrayList<>();
        ReplicaSettings measureOnly = ReplicaSettings.DEFAULT.withMaxLag(Duration.ZERO)
                .withCatchupTimeout(Duration.ofSeconds(30));
        DeployResult result = manor(db, backfillMigration().root(), measureOnly, notices).load().deploy();

        assertThat(notices).noneMatch(n -> n.contains("pausing"));
        // each commit reaches the slow standby's data 700 ms late, and nothing waits for it
        assertThat(result.applied().get(0).report().replicaLagPeakMs()).isGreaterThan(600);
    }

    @Test
    void aRollbacksNoTransactionStepsPauseForTheSlowStandbyAndItReturnsOnceReplayed() throws Exception {
        String db = freshDatabase();
        MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_labels", "-- manor:no-transaction\n"
                + "UPDATE item SET label = 'a' WHERE id <= 2500;\nUPDATE item SET label = 'b' WHERE id > 7500;\n",
                "-- manor:no-transaction\nUPDATE item SET label = NULL WHERE id <= 2500;\n"
                        + "UPDATE item SET label = NULL WHERE id > 2500 AND id <= 5000;\n"
                        + "UPDATE item SET label = NULL WHERE id > 5000;\n");
        ReplicaSettings ceiling = ReplicaSettings.DEFAULT.withMaxLag(Duration.ofMillis(250))
                .withCatchupTimeout(Duration.ofSeconds(30));
        manor(db, dir.root(), ceiling, new CopyOnWriteArrayList<>()).load().deploy();
        List<String> notices = new CopyOnWriteArrayList<>();

        manor(db, dir.root(), ceiling, notices).load().rollback(dev.manor.RollbackTarget.steps(1));

        // each down statement commits on its own and reaches the slow standby 700 ms later
        assertThat(notices).anyMatch(n -> n.startsWith("replica slow@")
                && n.contains(": pausing the no-transaction steps of 20240101000000_labels"));
        // returned only once the 700 ms-late standby had replayed the whole rollback
        assertThat(query(SLOW, db, "SELECT count(*) FROM item WHERE label IS NOT NULL")).isEqualTo("0");
        assertThat(query(SLOW, db, "SELECT status FROM manor.manor_migrations")).isEqualTo("rolled_back");
    }

    @Test
    void aStandbyThatStopsStreamingIsReportedAndNotWaitedForAndACatchUpIsBounded() throws Exception {
        servers.startStandby(PRIMARY, STUCK, "stuck", "recovery_min_apply_delay = '1h'");
        try {
            String db = freshDatabase();
            List<String> notices = new CopyOnWriteArrayList<>();
            ReplicaSettings settings = ReplicaSettings.DEFAULT.withMaxLag(Duration.ofMillis(300))
                    .withCatchupTimeout(Duration.ofSeconds(2))
                    .withReplicas(List.of(new ConnectionSettings(DebianPostgres.jdbcUrl(NOTHING_THERE, db), null, null)));
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_t", "CREATE TABLE t (id int);",
                    "DROP TABLE t;");
            long started = System.nanoTime();
            manor(db, dir.root(), settings, notices).load().deploy();
            // the stuck standby never replays: the catch-up gives up after 2 s and says so
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(2_000L, 15_000L);
            assertThat(notices).anyMatch(n -> n.contains("stuck@") && n.contains("had not replayed the deploy's last"
                    + " change after 2s; not waiting longer"));
            assertThat(notices).anyMatch(n -> n.equals("replica 127.0.0.1:" + NOTHING_THERE + " cannot be reached"
                    + " (Connection to 127.0.0.1:" + NOTHING_THERE + " refused. Check that the hostname and port are"
                    + " correct and that the postmaster is accepting TCP/IP connections.); it is not waited for"));

            // a no-transaction migration pauses behind the stuck standby until it goes away
            dir.add("20240102000000_idx", "-- manor:no-transaction\nINSERT INTO t VALUES (1);\n"
                    + "INSERT INTO t VALUES (2);\nINSERT INTO t VALUES (3);\n", "DELETE FROM t;");
            List<String> second = new CopyOnWriteArrayList<>();
            Manor m = manor(db, dir.root(), settings.withCatchupTimeout(Duration.ofSeconds(60)), second)
                    .listener(new DeployListener() {
                        @Override
                        public void notice(String message) {
                            second.add(message);
                            if (message.startsWith("replica stuck@") && message.contains("pausing")) {
                                servers.stop(STUCK);
                            }
                        }
                    }).load();
            started = System.nanoTime();
            m.deploy();
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(30_000L);
            assertThat(second).anyMatch(n -> n.startsWith("replica stuck@") && n.contains(
                    ": pausing the no-transaction steps of 20240102000000_idx"));
            assertThat(second).anyMatch(n -> n.startsWith("replica stuck@127.0.0.1 stopped streaming from the"
                    + " primary; it is not waited for"));
            assertThat(query(PRIMARY, db, "SELECT count(*) FROM t")).isEqualTo("3");
            assertThat(query(PRIMARY, db, "SELECT string_agg(outcome, ',' ORDER BY seq) FROM manor.manor_events"
                    + " WHERE outcome LIKE 'replica%'"))
                    .contains("replica-disconnected").contains("replica-catchup-timeout");
        } finally {
            servers.stop(STUCK);
        }
    }

    private static void exec(int port, String database, String sql) {
        DebianPostgres.exec(port, database, sql);
    }

    private static String query(int port, String database, String sql) {
        return DebianPostgres.queryOne(port, database, sql);
    }
}
