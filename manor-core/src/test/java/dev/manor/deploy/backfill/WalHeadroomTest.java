package dev.manor.deploy.backfill;

import dev.manor.deploy.DeployListener;
import dev.manor.embedded.ThrowawayServer;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class WalHeadroomTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("dev.manor.testing.PgServers#majors")
    void theSuperuserSeesTheReadySegmentsAndARoleWithoutPgMonitorSeesNothing(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            try (Connection c = db.dataSource().getConnection()) {
                WalHeadroom.Ready r = WalHeadroom.read(c).orElseThrow();
                assertThat(r.segmentBytes()).isEqualTo(16 * MB);
                assertThat(r.readyBytes() % r.segmentBytes()).isZero();
                assertThat(r.minWalSize()).isEqualTo("80MB");
                assertThat(r.lsn()).matches("[0-9A-F]+/[0-9A-F]+");
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT pg_wal_lsn_diff('"
                        + r.lsn() + "', '0/0')::bigint, pg_wal_lsn_diff('16/B374D848', '0/0')::bigint")) {
                    rs.next();
                    assertThat(WalHeadroom.lsnBytes(r.lsn())).isEqualTo(rs.getLong(1));
                    assertThat(WalHeadroom.lsnBytes("16/B374D848")).isEqualTo(rs.getLong(2));
                }
            }
            db.exec("CREATE ROLE app_" + db.name() + " LOGIN");
            String url = "jdbc:postgresql://127.0.0.1:" + db.server().port() + "/" + db.name() + "?user=app_" + db.name();
            try (Connection app = DriverManager.getConnection(url)) {
                assertThat(WalHeadroom.read(app)).isEmpty();
            } finally {
                db.exec("DROP ROLE app_" + db.name());
            }
        }
    }

    @Test
    void aBackfillWhoseWalOutgrowsTheReadySegmentsSaysSoOnceAndStillFinishes() throws Exception {
        // max_wal_size caps the segments a checkpoint keeps ready at two; the backfill writes ~100 MB
        List<Integer> majors = PgServers.majors();
        int major = majors.get(majors.size() - 1);
        try (ThrowawayServer server = ThrowawayServer.start(major, Map.of("min_wal_size", "32MB", "max_wal_size", "32MB"));
             TestDb db = TestDb.on(server)) {
            db.exec("""
                    CREATE TABLE wide (id int PRIMARY KEY, pad text NOT NULL, n int);
                    INSERT INTO wide SELECT g, repeat('x', 300) FROM generate_series(1, 150000) g;
                    CREATE TABLE narrow (id int PRIMARY KEY, n int);
                    INSERT INTO narrow SELECT g FROM generate_series(1, 20000) g;
                    CHECKPOINT;""");
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_fill_narrow", "SELECT 1;", "SELECT 1;")
                    .write("20240101000000_fill_narrow", "backfill.sql", "-- manor:backfill batch=1000\nUPDATE narrow SET n = 1;\n")
                    .add("20240101000001_fill_wide", "SELECT 1;", "SELECT 1;")
                    .write("20240101000001_fill_wide", "backfill.sql", "UPDATE wide SET n = 1;\n");
            List<String> notices = new CopyOnWriteArrayList<>();
            Manors.on(db, dir.root()).listener(new DeployListener() {
                @Override
                public void notice(String message) {
                    notices.add(message);
                }
            }).load().deploy();

            assertThat(notices).filteredOn(n -> n.startsWith("WAL:")).singleElement().asString()
                    .contains("the backfill of wide will write about")
                    .contains("new segment files")
                    .contains("min_wal_size (now 32MB)");
            assertThat(db.queryOne("SELECT count(*) FROM wide WHERE n = 1")).isEqualTo(150000L);
            assertThat(db.queryOne("SELECT count(*) FROM narrow WHERE n = 1")).isEqualTo(20000L);
        }
    }

    @Test
    void theWarningProjectsTheLatestRateOverTheKeysLeftAndCountsTheSegmentsToCreate() {
        WalHeadroom.Ready ready = new WalHeadroom.Ready(80 * MB, 16 * MB, "80MB", "0/0");
        // 10 MB over the last 1,000 keys, 99,000 keys left: ~990 MB to come, 57 segments beyond the 80 MB ready
        Optional<String> w = WalHeadroom.warning("bench", ready, 10 * MB, 1_000, 99_000);
        assertThat(w).hasValueSatisfying(text -> assertThat(text)
                .contains("backfill of bench will write about 990 MB more WAL").contains("80 MB of WAL segments ready")
                .contains("about 57 new segment files").contains("(now 80MB)").contains("above 1024 MB"));
        assertThat(WalHeadroom.warning("bench", ready, MB, 1_000, 50_000)).as("50 MB fits in 80 MB ready").isEmpty();
        assertThat(WalHeadroom.warning("bench", ready, MB, 1_000, 95_000)).as("within one spare segment").isEmpty();
        assertThat(WalHeadroom.warning("bench", ready, MB, 1_000, 0)).as("nothing left to walk").isEmpty();
        assertThat(WalHeadroom.warning("bench", ready, MB, 0, 1_000)).isEmpty();
    }
}
