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

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest
    @MethodSource("majors")
    void theSuperuserSeesTheReadySegmentsAndARoleWithoutPgMonitorSeesNothing(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            try (Connection c = db.dataSource().getConnection()) {
                WalHeadroom h = WalHeadroom.read(c).orElseThrow();
                assertThat(h.segmentBytes()).isEqualTo(16 * MB);
                assertThat(h.readyBytes() % h.segmentBytes()).isZero();
                assertThat(h.minWalSize()).isEqualTo("80MB");
                try (var s = c.createStatement()) {
                    s.execute("CREATE TABLE noise AS SELECT g FROM generate_series(1, 20000) g");
                }
                assertThat(h.writtenSince(c)).isGreaterThan(20000L * 24);
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
        int major = majors().get(majors().size() - 1);
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
    void theWarningExtrapolatesTheWalPerKeyAndCountsTheSegmentsToCreate() {
        WalHeadroom h = new WalHeadroom(80 * MB, 16 * MB, "80MB", "0/0");
        // 10 MB over the first 1 % of the keys: ~1000 MB in all, 70 MB of it fits, 58 segments to create
        Optional<String> w = h.warning("bench", 10 * MB, 1_000, 100_000);
        assertThat(w).hasValueSatisfying(text -> assertThat(text)
                .contains("about 1000 MB of WAL in all").contains("80 MB of WAL segments ready")
                .contains("about 58 new segment files").contains("above 1024 MB"));
        assertThat(h.warning("bench", MB, 1_000, 50_000)).as("50 MB in all fits in 80 MB ready").isEmpty();
        assertThat(h.warning("bench", MB, 1_000, 90_000)).as("within one spare segment").isEmpty();
        assertThat(h.warning("bench", MB, 1_000, 1_000)).as("nothing left to walk").isEmpty();
        assertThat(h.warning("bench", MB, 0, 1_000)).isEmpty();
    }
}
