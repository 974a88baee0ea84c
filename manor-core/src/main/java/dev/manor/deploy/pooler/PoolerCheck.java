package dev.manor.deploy.pooler;

import dev.manor.ManorException;
import dev.manor.config.Database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Tells whether two of Manor's transactions may run on different server sessions, as behind PgBouncer (or any
 * pooler) in transaction or statement mode. There a session advisory lock stays with a server connection that the
 * pooler hands to someone else, and a SET lasts one transaction: Manor's deploy lock, its no-transaction journal and
 * its session settings would silently stop holding.
 * <p>
 * How: the backend PID ({@code pg_backend_pid()}) of one connection, read in two transactions, and that of a second
 * connection opened while the first is idle. Directly (or in session mode) a connection keeps its backend and two open
 * connections never share one; a transaction-mode pool hands the idle first backend to the next transaction
 * (PgBouncer reuses the most recently used server connection). Either sighting proves pooling; neither can happen
 * without it, so a direct connection is never refused.
 */
public final class PoolerCheck {
    private static final int ROUNDS = 3;

    private PoolerCheck() {
    }

    /** Whether {@code db}'s connections share server sessions between transactions. */
    public static boolean transactionPooled(Database db) throws SQLException {
        try (Connection first = db.open()) {
            first.setAutoCommit(true);
            long pid = backendPid(first);
            for (int round = 0; round < ROUNDS; round++) {
                try (Connection second = db.open()) {
                    second.setAutoCommit(true);
                    if (backendPid(second) == pid) {
                        return true;
                    }
                }
                if (backendPid(first) != pid) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Refuses, with one line saying what to configure, to do session-level work over a transaction-pooled
     * connection. A database that cannot be reached is left to the caller's own connect, which says why.
     */
    public static void requireSessionLevel(Database db) {
        boolean pooled;
        try {
            pooled = transactionPooled(db);
        } catch (SQLException e) {
            return;
        }
        if (pooled) {
            throw new ManorException(db.describe() + " goes through a connection pooler in transaction or statement"
                    + " mode (e.g. PgBouncer), where Manor's deploy lock and session settings would not hold: set"
                    + " direct_url in this environment's [env.<name>] table of manor.toml (MANOR_DIRECT_URL) to a"
                    + " connection straight to PostgreSQL or through a session-mode pool");
        }
    }

    private static long backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
