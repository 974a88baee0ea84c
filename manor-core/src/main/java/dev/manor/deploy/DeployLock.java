package dev.manor.deploy;

import dev.manor.LockNotAcquiredException;
import dev.manor.ManorException;
import dev.manor.config.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * A session-level advisory lock on a dedicated connection that never opens a transaction: it is
 * held exactly as long as the connection lives, so a killed deployer leaves nothing behind (unlike
 * a lock row in a table).
 */
public final class DeployLock implements AutoCloseable {
    /** "MANR": the first key half, so Manor's lock is recognisable in pg_locks. */
    static final int NAMESPACE = 0x4D414E52;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Connection connection;
    private final String schema;

    private DeployLock(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    /** Takes the lock for this history schema, waiting up to {@code wait} and reporting the holder. */
    public static DeployLock acquire(Database db, String historySchema, String purpose, Duration wait,
                                     DeployListener listener) {
        Connection c = db.connect();
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET application_name = '" + ("manor " + purpose + " (" + System.getProperty("user.name")
                        + ", pid " + ProcessHandle.current().pid() + ")").replace("'", "''") + "'");
            }
            long deadline = System.nanoTime() + wait.toNanos();
            boolean told = false;
            while (true) {
                if (tryLock(c, historySchema)) {
                    return new DeployLock(c, historySchema);
                }
                Optional<LockHolder> holder = holder(c, historySchema);
                if (!told && holder.isPresent()) {
                    listener.waitingForLock(holder.get());
                    told = true;
                }
                if (System.nanoTime() > deadline) {
                    throw new LockNotAcquiredException("another Manor run holds the deploy lock"
                            + holder.map(h -> " (" + h.describe() + ")").orElse("")
                            + "; gave up after " + wait.toSeconds() + " s (a longer lock wait waits longer)", null, 0,
                            null);
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (SQLException e) {
            close(c);
            throw new ManorException("could not take the deploy lock: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            close(c);
            Thread.currentThread().interrupt();
            throw new ManorException("interrupted while waiting for the deploy lock");
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private static boolean tryLock(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            ps.setInt(1, NAMESPACE);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Who holds the lock for this schema, if anyone. */
    public static Optional<LockHolder> holder(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.pid, a.application_name, a.usename, a.backend_start
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.classid = ?::oid AND l.objid = hashtext(?)::oid
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
            ps.setInt(1, NAMESPACE);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LockHolder(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()));
            }
        }
    }

    /** The backend pid of the lock's connection (for tests and diagnostics). */
    public int backendPid() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
            ps.setInt(1, NAMESPACE);
            ps.setString(2, schema);
            ps.execute();
        } catch (SQLException ignored) {
            // Closing the connection below releases the lock anyway.
        }
        close(connection);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing more to release.
        }
    }
}
