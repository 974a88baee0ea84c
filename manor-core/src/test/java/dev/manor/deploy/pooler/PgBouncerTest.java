package dev.manor.deploy.pooler;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.testing.DebianPostgres;
import dev.manor.testing.MigrationsDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real PgBouncer (Debian's package) in transaction and in session mode, in front of a real PostgreSQL 15. */
class PgBouncerTest {
    private static final int SERVER = DebianPostgres.freePort();
    private static final int TRANSACTION_POOL = DebianPostgres.freePort();
    private static final int SESSION_POOL = DebianPostgres.freePort();
    private static DebianPostgres servers;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServerAndPoolers() throws Exception {
        DebianPostgres.requireInstalled(true);
        servers = DebianPostgres.workspace();
        servers.startPrimary(SERVER);
        servers.startPgBouncer(TRANSACTION_POOL, SERVER, "transaction");
        servers.startPgBouncer(SESSION_POOL, SERVER, "session");
    }

    @AfterAll
    static void stopAll() {
        if (servers != null) {
            servers.close();
        }
    }

    private static String freshDatabase() {
        String name = "p" + DATABASES.incrementAndGet();
        DebianPostgres.exec(SERVER, "CREATE DATABASE " + name);
        return name;
    }

    private static Database at(int port, String database) {
        return Database.of(new ConnectionSettings(DebianPostgres.jdbcUrl(port, database), null, null));
    }

    @Test
    void onlyTheTransactionModePoolIsSeenAsOne() throws Exception {
        String db = freshDatabase();
        // repeated: a check that only usually sees the pool would let a deploy through now and then
        for (int i = 0; i < 5; i++) {
            assertThat(PoolerCheck.transactionPooled(at(TRANSACTION_POOL, db))).isTrue();
            assertThat(PoolerCheck.transactionPooled(at(SESSION_POOL, db))).isFalse();
            assertThat(PoolerCheck.transactionPooled(at(SERVER, db))).isFalse();
        }
    }

    /**
     * Why the check exists: through the transaction pool a session advisory lock outlives the client that took it
     * (the server session goes back to the pool, lock and all), so a killed deployer's lock would never go away.
     */
    @Test
    void throughTheTransactionPoolASessionAdvisoryLockOutlivesItsClient() throws Exception {
        String db = freshDatabase();
        for (int port : new int[] {TRANSACTION_POOL, SERVER}) {
            try (Connection deployer = DriverManager.getConnection(DebianPostgres.jdbcUrl(port, db))) {
                assertThat(tryLock(deployer)).isTrue();
            }
            Thread.sleep(200); // a direct session ends asynchronously after its client closed
            String held = query(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 42");
            assertThat(held).as("port %d", port).isEqualTo(port == TRANSACTION_POOL ? "1" : "0");
            DebianPostgres.exec(SERVER, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND objid = 42");
        }
    }

    @Test
    void aDeployThroughTheTransactionPoolWithoutDirectUrlIsRefusedWithOneLineAndChangesNothing() throws Exception {
        String db = freshDatabase();
        Path project = project(db, false);
        Manor manor = Manor.configure().project(project).environment("prod").variables(java.util.Map.of()).load();
        assertThatThrownBy(manor::deploy).isInstanceOf(ManorException.class)
                .hasMessage(Database.of(new ConnectionSettings(DebianPostgres.jdbcUrl(TRANSACTION_POOL, db), null,
                        null)).describe() + " goes through a connection pooler in transaction or statement mode (e.g."
                        + " PgBouncer), where Manor's deploy lock and session settings would not hold: set direct_url"
                        + " in this environment's [env.<name>] table of manor.toml (MANOR_DIRECT_URL) to a connection"
                        + " straight to PostgreSQL or through a session-mode pool");
        assertThat(query(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'manor'")).isEqualTo("0");
    }

    @Test
    void twoDeployersThroughThePoolWithDirectUrlApplyEachMigrationOnce() throws Exception {
        String db = freshDatabase();
        Path project = project(db, true);
        int deployers = 2;
        ExecutorService pool = Executors.newFixedThreadPool(deployers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < deployers; i++) {
                results.add(pool.submit(() -> {
                    Manor manor = Manor.configure().project(project).environment("prod")
                            .variables(java.util.Map.of()).load();
                    start.await();
                    return manor.deploy().applied().size();
                }));
            }
            start.countDown();
            int applied = 0;
            for (Future<Integer> r : results) {
                applied += r.get();
            }
            assertThat(applied).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(query(db, "SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM manor.manor_migrations"))
                .isEqualTo("20240101000000:applied,20240102000000:applied,20240103000000:applied");
        assertThat(query(db, "SELECT count(*) FROM manor.manor_events WHERE outcome = 'applied'")).isEqualTo("3");
        // each statement ran once: a second run of the no-transaction inserts would double the rows
        assertThat(query(db, "SELECT count(*) || ' ' || count(DISTINCT n) FROM counted")).isEqualTo("2 2");
        assertThat(query(db, "SELECT count(*) FROM counted WHERE label = 'L' || n")).isEqualTo("2");
    }

    /** manor.toml with url through the transaction pool and, when asked, direct_url straight to the server. */
    private Path project(String db, boolean withDirectUrl) throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project-" + db));
        Files.writeString(project.resolve("manor.toml"), "[env.prod]\nurl = \""
                + DebianPostgres.jdbcUrl(TRANSACTION_POOL, db) + "\"\n"
                + (withDirectUrl ? "direct_url = \"" + DebianPostgres.jdbcUrl(SERVER, db) + "\"\n" : ""));
        new MigrationsDir(Files.createDirectories(project.resolve("migrations")))
                .add("20240101000000_counted", "CREATE TABLE counted (n int PRIMARY KEY, label text);",
                        "DROP TABLE counted;")
                .add("20240102000000_rows", "-- manor:no-transaction\nINSERT INTO counted (n) VALUES (1);\n"
                        + "INSERT INTO counted (n) VALUES (2);\n", "DELETE FROM counted;")
                .add("20240103000000_labels", "ALTER TABLE counted ADD COLUMN note text;",
                        "ALTER TABLE counted DROP COLUMN note;")
                .write("20240103000000_labels", "backfill.sql", "-- manor:backfill batch=1\n"
                        + "UPDATE counted SET label = 'L' || n;\n");
        return project;
    }

    private static boolean tryLock(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(42)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String query(String db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(DebianPostgres.jdbcUrl(SERVER, db));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
