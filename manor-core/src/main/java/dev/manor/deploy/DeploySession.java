package dev.manor.deploy;

import dev.manor.config.Database;
import dev.manor.deploy.guard.GuardSettings;
import dev.manor.deploy.guard.TrafficGuard;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connections a deploy runs its migrations on, opened once for all of them rather than per migration: the
 * migration connection (tagged for {@link ManorSessions}, watched by a {@link ServerWatch}) and the traffic
 * guard's ({@link TrafficGuard.Link}). A migration connection whose state is unknown after a failure is
 * discarded, and the next migration opens a new one; one that died while idle is replaced before a migration's
 * first statement (see {@link MigrationExecutor}).
 */
public final class DeploySession implements AutoCloseable {
    private final Database db;
    private final String historySchema;
    private final TrafficGuard.Link guard;
    private Connection conn;
    private ServerWatch watch;
    private int pid;
    private boolean used;

    public DeploySession(Database db, String historySchema, GuardSettings guardSettings) {
        this.db = db;
        this.historySchema = historySchema;
        this.guard = new TrafficGuard.Link(db, guardSettings == null ? GuardSettings.DEFAULT : guardSettings);
    }

    /** The migration connection, opened (and tagged, and watched) when there is none. */
    Connection connection() throws SQLException {
        if (conn == null) {
            Connection c = db.connect();
            try {
                c.setAutoCommit(true);
                pid = ManorSessions.tagSession(c, historySchema);
                watch = ServerWatch.start(db, c, pid);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
            conn = c;
            used = false;
        }
        return conn;
    }

    /** The backend pid of {@link #connection()}. */
    int pid() {
        return pid;
    }

    ServerWatch watch() {
        return watch;
    }

    TrafficGuard.Link guard() {
        return guard;
    }

    /** True when the current connection already served a migration (so it may have died while idle since). */
    boolean reused() {
        return used;
    }

    /** The current connection served a migration to its end. */
    void served() {
        used = true;
    }

    /** Drops the migration connection, whose state is unknown after a failure; the next migration opens a new one. */
    void discard() {
        if (conn == null) {
            return;
        }
        watch.close();
        try {
            conn.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // already gone
        }
        conn = null;
        watch = null;
    }

    /** Hands the session back clean (an application's pool may reuse it) and closes both connections. */
    @Override
    public void close() {
        try {
            if (conn != null) {
                watch.close();
                try {
                    if (!conn.getAutoCommit()) {
                        conn.rollback();
                        conn.setAutoCommit(true);
                    }
                } catch (SQLException ignored) {
                    // a broken session is not handed out again
                }
                ManorSessions.untag(conn);
                closeQuietly(conn);
                conn = null;
            }
        } finally {
            guard.close();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
