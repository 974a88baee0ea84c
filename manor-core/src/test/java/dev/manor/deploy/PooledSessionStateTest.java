package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.config.RetryPolicy;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the application's pooled DataSource, Manor's connections go back to the application: a
 * no-transaction migration's session-level lock_timeout must not go with them (the app's row-lock
 * waits would start failing after 500 ms).
 */
class PooledSessionStateTest {
    @TempDir
    Path tmp;

    @Test
    void noTransactionMigrationLeavesPooledConnectionsWithTheirOwnTimeouts() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_account", "CREATE TABLE account (id bigint PRIMARY KEY, email text);",
                            "DROP TABLE account;")
                    .add("20240102000000_email_index", "-- manor:no-transaction\n"
                                    + "CREATE INDEX CONCURRENTLY account_email ON account (email);",
                            "-- manor:no-transaction\nDROP INDEX CONCURRENTLY account_email;");
            try (SimplePool pool = new SimplePool(db.dataSource())) {
                Manor manor = Manor.configure().dataSource(pool).migrations(dir.root())
                        .retry(new RetryPolicy(5, Duration.ofMillis(50), Duration.ofMillis(400)))
                        .listener(DeployListener.SILENT).load();
                manor.deploy();
                manor.rollback(Rollbacker.Target.steps(1), false);

                for (Connection physical : pool.idle) {
                    assertThat(show(physical, "lock_timeout")).isEqualTo("0");
                    assertThat(show(physical, "statement_timeout")).isEqualTo("0");
                }
                assertThat(pool.idle).isNotEmpty();
            }
        }
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The part of a connection pool that matters here: close() hands the session back for reuse. */
    private static final class SimplePool implements DataSource, AutoCloseable {
        private final DataSource physical;
        private final Deque<Connection> idle = new ArrayDeque<>();
        private final List<Connection> all = new ArrayList<>();

        SimplePool(DataSource physical) {
            this.physical = physical;
        }

        @Override
        public synchronized Connection getConnection() throws SQLException {
            Connection c = idle.poll();
            if (c == null) {
                c = physical.getConnection();
                all.add(c);
            }
            Connection real = c;
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            if (!real.getAutoCommit()) {
                                real.rollback();
                                real.setAutoCommit(true);
                            }
                            synchronized (SimplePool.this) {
                                idle.push(real);
                            }
                            return null;
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public void close() throws SQLException {
            for (Connection c : all) {
                c.close();
            }
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
