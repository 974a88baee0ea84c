package dev.manor.fleet;

import dev.manor.Fleet;
import dev.manor.Fleet.Outcome;
import dev.manor.Fleet.State;
import dev.manor.Manor;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.RetryPolicy;
import dev.manor.deploy.DeployListener;
import dev.manor.embedded.ThrowawayServer;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fleet spread over two real servers (PostgreSQL 15 and 17 when both are bundled). The suite runs a fleet of 10;
 * {@code -Dmanor.fleet.size=50} (bench/fleet.sh) runs the 50.
 */
class FleetDeployTest {
    static final int SIZE = Integer.getInteger("manor.fleet.size", 10);
    static final int WAVE = Integer.getInteger("manor.fleet.wave", 3);

    @TempDir
    Path dir;

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        cleanup.forEach(Runnable::run);
    }

    /** Three migrations; the second fails where a table {@code invoices} already exists. */
    private Path migrations() {
        return new MigrationsDir(dir.resolve("migrations"))
                .add("20240101000000_accounts", "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n",
                        "DROP TABLE accounts;\n")
                .add("20240102000000_invoices", "CREATE TABLE invoices (id bigint PRIMARY KEY,"
                        + " account_id bigint NOT NULL REFERENCES accounts);\n", "DROP TABLE invoices;\n")
                .add("20240103000000_invoice_total", "ALTER TABLE invoices ADD COLUMN total numeric;\n",
                        "ALTER TABLE invoices DROP COLUMN total;\n")
                .root();
    }

    /** {@code size} new databases, alternating between the two servers, named tenant_00, tenant_01, ... */
    private List<Fleet.Member> databases(int size) {
        List<Integer> majors = PgServers.majors();
        List<ThrowawayServer> servers = List.of(PgServers.server(majors.get(0)),
                PgServers.server(majors.get(majors.size() - 1)));
        List<Fleet.Member> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ThrowawayServer server = servers.get(i % 2);
            String db = server.createDatabase("fleet");
            cleanup.add(() -> server.dropDatabase(db));
            members.add(new Fleet.Member(String.format("tenant_%02d", i),
                    new ConnectionSettings(server.jdbcUrl(db), null, null)));
        }
        return members;
    }

    private Function<Fleet.Member, Manor.Builder> project(Path migrations) {
        return m -> Manor.configure().migrations(migrations)
                .retry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)))
                .listener(DeployListener.SILENT);
    }

    @Test
    void aFailureHaltsBeforeTheNextWaveAndARerunFinishesTheRest() throws Exception {
        Path migrations = migrations();
        List<Fleet.Member> members = databases(SIZE);
        Fleet fleet = Fleet.of(members);
        // The canary is tenant_00; wave 1 is tenant_01..03; the failure is planted in wave 2.
        int badIndex = 1 + WAVE + WAVE / 2;
        Fleet.Member bad = members.get(badIndex);
        exec(bad, "CREATE TABLE invoices (id bigint, note text); INSERT INTO invoices VALUES (1, 'kept')");

        Set<String> started = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Fleet.Listener listener = new Fleet.Listener() {
            @Override
            public void starting(Fleet.Member member, int wave) {
                started.add(member.name());
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            }

            @Override
            public void finished(Fleet.DatabaseResult result) {
                running.decrementAndGet();
            }
        };
        Fleet.Report report = fleet.deploy(project(migrations),
                Fleet.Options.defaults().waveSize(WAVE).listener(listener));

        assertThat(report.halted()).isTrue();
        assertThat(report.haltedBy()).containsExactly(bad.name());
        int firstUntouched = 1 + 2 * WAVE;
        assertThat(report.databases()).hasSize(SIZE);
        for (int i = 0; i < SIZE; i++) {
            Fleet.Member m = members.get(i);
            Fleet.DatabaseResult r = report.databases().get(i);
            assertThat(r.name()).isEqualTo(m.name());
            if (i == badIndex) {
                assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
                assertThat(r.error()).contains("invoices").contains("already exists").doesNotContain("\n");
                // The failed migration rolled back whole: the first is applied, the planted table untouched.
                assertThat(appliedIds(m)).containsExactly("20240101000000");
                assertThat(columns(m, "invoices")).containsExactly("id", "note");
            } else if (i < firstUntouched) {
                assertThat(r.outcome()).as(m.name()).isEqualTo(Outcome.APPLIED);
                assertThat(r.wave()).isEqualTo(i == 0 ? 0 : 1 + (i - 1) / WAVE);
                assertThat(appliedIds(m)).containsExactly("20240101000000", "20240102000000", "20240103000000");
                assertThat(columns(m, "invoices")).containsExactly("id", "account_id", "total");
            } else {
                // Not started: not even Manor's history schema was created.
                assertThat(r.outcome()).as(m.name()).isEqualTo(Outcome.NOT_STARTED);
                assertThat(started).doesNotContain(m.name());
                assertThat(schemas(m)).doesNotContain("manor");
                assertThat(columns(m, "accounts")).isEmpty();
            }
        }
        assertThat(peak.get()).as("a wave runs in parallel, never wider than its size").isBetween(2, WAVE);

        // status --fleet: the failed one, the applied ones, the untouched ones.
        List<Fleet.DatabaseStatus> status = fleet.status(project(migrations), null);
        assertThat(status.get(badIndex).state()).isEqualTo(State.FAILED);
        assertThat(status.get(badIndex).pending()).isEqualTo(2);
        assertThat(status.get(badIndex).lastApplied()).isEqualTo("20240101000000_accounts");
        assertThat(status.get(badIndex).error()).startsWith("20240102000000_invoices: ").contains("already exists");
        assertThat(status.get(0).state()).isEqualTo(State.UP_TO_DATE);
        assertThat(status.get(0).lastApplied()).isEqualTo("20240103000000_invoice_total");
        assertThat(status.get(SIZE - 1).state()).isEqualTo(State.PENDING);
        assertThat(status.get(SIZE - 1).pending()).isEqualTo(3);
        assertThat(status.stream().filter(s -> s.state() == State.PENDING).count()).isEqualTo(SIZE - firstUntouched);

        // Fix the planted table and rerun: every database's own history decides what is left.
        exec(bad, "DROP TABLE invoices");
        Fleet.Report rerun = fleet.deploy(project(migrations), Fleet.Options.defaults().waveSize(WAVE));
        assertThat(rerun.halted()).isFalse();
        assertThat(rerun.with(Outcome.NOT_STARTED)).isEmpty();
        // Up-to-date databases pass the canary phase untouched; the first with work left is the canary.
        assertThat(rerun.databases().stream().filter(d -> d.wave() == 0).map(Fleet.DatabaseResult::name).toList())
                .endsWith(bad.name());
        assertThat(rerun.databases().stream().filter(d -> d.name().equals(bad.name())).findFirst().orElseThrow()
                .applied()).containsExactly("20240102000000_invoices", "20240103000000_invoice_total");
        assertThat(rerun.with(Outcome.APPLIED)).hasSize(1 + SIZE - firstUntouched);
        for (Fleet.Member m : members) {
            assertThat(appliedIds(m)).as(m.name()).containsExactly("20240101000000", "20240102000000",
                    "20240103000000");
        }
        assertThat(fleet.status(project(migrations), null)).allMatch(Fleet.DatabaseStatus::upToDate);
    }

    @Test
    void aFailedCanaryTouchesNothingElse() throws Exception {
        Path migrations = migrations();
        List<Fleet.Member> members = databases(4);
        exec(members.get(2), "CREATE TABLE invoices (id bigint)");
        Fleet.Report report = Fleet.of(members).deploy(project(migrations),
                Fleet.Options.defaults().canary(members.get(2).name()).waveSize(3));
        assertThat(report.databases().get(0).name()).isEqualTo(members.get(2).name());
        assertThat(report.databases().get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.with(Outcome.NOT_STARTED)).hasSize(3);
        for (int i : new int[] {0, 1, 3}) {
            assertThat(schemas(members.get(i))).doesNotContain("manor");
        }
        assertThatThrownBy(() -> Fleet.of(members).deploy(project(migrations),
                Fleet.Options.defaults().canary("tenant_9")))
                .hasMessage("no database 'tenant_9' in the fleet to use as the canary (did you mean 'tenant_00'?)");
    }

    @Test
    void statusFindsDriftAndUnreachableDatabasesWithoutPrintingPasswords() throws Exception {
        Path migrations = migrations();
        List<Fleet.Member> members = new ArrayList<>(databases(2));
        Fleet.Member first = members.get(0);
        String url = first.connection().jdbcUrl();
        int port = new ConnectionSettings(url, null, null).port();
        members.add(new Fleet.Member("gone", new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:" + port + "/no_such_db?password=hunter2", null, null)));
        Fleet fleet = Fleet.of(members);
        assertThat(fleet.deploy(project(migrations), Fleet.Options.defaults().waveSize(2)).haltedBy())
                .containsExactly("gone");
        exec(first, "ALTER TABLE accounts ADD COLUMN added_by_hand text");

        Map<Integer, ShadowProvider> made = new ConcurrentHashMap<>();
        List<Fleet.DatabaseStatus> status = fleet.status(project(migrations), major -> made.computeIfAbsent(major,
                x -> ShadowProvider.on(new ConnectionSettings(PgServers.server(major).jdbcUrl("postgres"), null, null))));
        assertThat(status.get(0).state()).isEqualTo(State.DRIFT);
        assertThat(status.get(0).error()).contains("added_by_hand");
        assertThat(status.get(1).state()).isEqualTo(State.UP_TO_DATE);
        assertThat(status.get(2).state()).isEqualTo(State.UNREACHABLE);
        assertThat(status.get(2).error()).contains("no_such_db").doesNotContain("hunter2");
        assertThat(status.get(2).target()).doesNotContain("hunter2");
    }

    private static Connection connect(Fleet.Member m) throws SQLException {
        return DriverManager.getConnection(m.connection().jdbcUrl(), m.connection().driverProperties());
    }

    private static void exec(Fleet.Member m, String sql) throws SQLException {
        try (Connection c = connect(m); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> list(Fleet.Member m, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(m); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> appliedIds(Fleet.Member m) throws SQLException {
        return list(m, "SELECT id FROM manor.manor_migrations WHERE status = 'applied' ORDER BY id");
    }

    private static List<String> columns(Fleet.Member m, String table) throws SQLException {
        return list(m, "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass('public." + table + "')"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
    }

    private static List<String> schemas(Fleet.Member m) throws SQLException {
        return list(m, "SELECT nspname FROM pg_namespace");
    }
}
