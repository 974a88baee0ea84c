package dev.manor.change;

import dev.manor.DeployOptions;
import dev.manor.Manor;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both application versions through a rename and a type change: a client using the old column and one using the new
 * write concurrently (real connections, threads) while Manor deploys the plan's steps up to the contract. No write is
 * rejected, no row is lost, and each version reads the other's writes under its own name and type.
 */
class TwoVersionsTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        List<Integer> majors = Boolean.getBoolean("manor.test.changes.all") ? PgServers.majors()
                : List.of(PgServers.majors().get(PgServers.majors().size() - 1));
        return majors.stream().flatMap(m -> Stream.of(
                Arguments.of(m, ChangeRequest.of("rename-column").with("table", "account").with("column", "score")
                        .with("to", "points")),
                Arguments.of(m, ChangeRequest.of("change-type").with("table", "account").with("column", "score")
                        .with("type", "bigint").with("to", "points"))));
    }

    /** One application version: inserts rows and updates its own, through its own column name. */
    static final class Client implements Runnable {
        final String column;
        final long idBase;
        final AtomicBoolean stop;
        final TestDb db;
        final Map<Long, Long> written = new ConcurrentHashMap<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final AtomicLong writes = new AtomicLong();

        Client(TestDb db, String column, long idBase, AtomicBoolean stop) {
            this.db = db;
            this.column = column;
            this.idBase = idBase;
            this.stop = stop;
        }

        @Override
        public void run() {
            try (Connection c = db.connect()) {
                PreparedStatement insert = c.prepareStatement("INSERT INTO account (id, " + column + ") VALUES (?, ?)");
                PreparedStatement update = c.prepareStatement("UPDATE account SET " + column + " = ? WHERE id = ?");
                long n = 0;
                while (!stop.get()) {
                    n++;
                    long id = idBase + n;
                    try {
                        insert.setLong(1, id);
                        insert.setLong(2, id * 10);
                        insert.executeUpdate();
                        written.put(id, id * 10);
                        if (n % 3 == 0) { // rewrite an earlier row of its own
                            long earlier = idBase + n / 2;
                            update.setLong(1, earlier * 10 + 7);
                            update.setLong(2, earlier);
                            update.executeUpdate();
                            written.put(earlier, earlier * 10 + 7);
                        }
                        writes.incrementAndGet();
                    } catch (SQLException e) {
                        errors.add(column + " write " + id + ": " + e.getMessage());
                    }
                    Thread.sleep(2);
                }
            } catch (SQLException | InterruptedException e) {
                errors.add(column + ": " + e);
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}: {1}")
    @MethodSource("cases")
    void oldAndNewVersionsWriteThroughTheTransition(int major, ChangeRequest request) throws Exception {
        MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_base",
                "CREATE TABLE account (id bigint PRIMARY KEY, score integer NOT NULL DEFAULT 0);\n"
                        + "INSERT INTO account SELECT g, g * 10 FROM generate_series(1, 5000) g;",
                "DROP TABLE account;");
        try (TestDb db = PgServers.freshDb(major)) {
            Manor manor = Manors.load(db, dir.root());
            manor.deploy();
            ChangePlan plan = ChangePlans.plan(request, SchemaFacts.fromMigrations(manor.migrations()), Clock.systemUTC());
            ChangePlanWriter.write(dir.root(), plan, Clock.systemUTC());
            List<Migration> steps = new MigrationRepository(dir.root()).load().stream()
                    .filter(m -> !m.id().equals("20240101000000")).toList();
            Migration contract = steps.stream().filter(m -> m.name().endsWith("_contract")).findFirst().orElseThrow();

            AtomicBoolean stop = new AtomicBoolean();
            Client old = new Client(db, "score", 1_000_000, stop);
            Client current = new Client(db, "points", 2_000_000, stop);
            Thread oldThread = new Thread(old, "old-version");
            oldThread.start();
            Thread.sleep(200);
            Thread currentThread = null;
            for (Migration step : steps) {
                if (step == contract) {
                    break;
                }
                manor.deploy(DeployOptions.defaults().upTo(step.id()));
                if (currentThread == null) { // the new version starts once the expand is in
                    currentThread = new Thread(current, "new-version");
                    currentThread.start();
                }
                Thread.sleep(300);
            }
            Thread.sleep(300);
            stop.set(true);
            oldThread.join();
            currentThread.join();

            assertThat(old.errors).as("writes of the old version rejected").isEmpty();
            assertThat(current.errors).as("writes of the new version rejected").isEmpty();
            assertThat(old.writes.get()).isGreaterThan(20);
            assertThat(current.writes.get()).isGreaterThan(20);

            Map<Long, Long> expected = new HashMap<>();
            for (long id = 1; id <= 5000; id++) {
                expected.put(id, id * 10);
            }
            expected.putAll(old.written);
            expected.putAll(current.written);
            // Each version reads every row, its own and the other's, under its own name.
            assertThat(read(db, "score")).as("read through the old name").isEqualTo(expected);
            assertThat(read(db, "points")).as("read through the new name").isEqualTo(expected);
            assertThat(manor.plans()).singleElement().satisfies(p ->
                    assertThat(p.current().orElseThrow().folder()).isEqualTo(contract.folderName()));
        }
    }

    private static Map<Long, Long> read(TestDb db, String column) throws SQLException {
        Map<Long, Long> rows = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, " + column + " FROM account")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return rows;
    }
}
