package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.config.Database;
import dev.manor.config.Durations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Notices the server going away while a migration's statement runs, and closes the migration's connection so Manor
 * fails with one line instead of waiting forever.
 * <p>
 * Why not a socket timeout on the migration connection: a statement may legitimately run for hours without sending
 * a byte (an index build, a table rewrite), so any read timeout either fires on honest work or is too long to help.
 * TCP keepalive (on for every connection) only reports a dead peer after the OS's keepalive time, often two hours.
 * Instead a second connection, whose queries are trivial and so may carry a short network timeout, asks every few
 * seconds whether the migration's backend is still there. No answer within the connect timeout, and no new connection
 * within it either: the server is gone (or cut off), and the migration connection is aborted. A backend missing
 * after a quick restart counts as gone too. Transactional work rolls back on the server with its session; a
 * no-transaction migration resumes from its journal on the next deploy.
 */
public final class ServerWatch implements AutoCloseable {
    private final Database db;
    private final Connection watched;
    private final int pid;
    private final Duration timeout;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean gone;
    private Connection probe;

    private ServerWatch(Database db, Connection watched, int pid, Duration timeout) {
        this.db = db;
        this.watched = watched;
        this.pid = pid;
        this.timeout = timeout;
        this.thread = new Thread(this::watch, "manor-server-watch-" + pid);
        this.thread.setDaemon(true);
    }

    /** Starts watching the backend of {@code watched}; the probe connection opens on the watch thread. */
    public static ServerWatch start(Database db, Connection watched) throws SQLException {
        int pid;
        try (PreparedStatement ps = watched.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            pid = rs.getInt(1);
        }
        return start(db, watched, pid);
    }

    /** Starts watching backend {@code pid}, the backend of {@code watched}. */
    static ServerWatch start(Database db, Connection watched, int pid) {
        ServerWatch w = new ServerWatch(db, watched, pid, db.connectTimeout());
        w.thread.start();
        return w;
    }

    /** True once the watch gave up on the server and closed the migration connection. */
    public boolean wentAway() {
        return gone;
    }

    /** The one-line failure for a statement that ended because the watch closed its connection. */
    public ManorException failure(String migration) {
        return new ManorException("the server went away during " + migration + ": " + db.address() + " did not answer"
                + " within " + Durations.format(timeout) + ", so Manor closed the migration's connection (the server"
                + " rolls back its open transaction); run deploy again when the server is back");
    }

    private void watch() {
        long pause = Math.max(1000, Math.min(5000, timeout.toMillis() / 2));
        while (!closed) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            if (!backendAlive() && !closed) {
                gone = true;
                try {
                    watched.abort(Runnable::run); // closes the socket: the blocked statement fails at once
                } catch (SQLException | RuntimeException ignored) {
                    // already closed
                }
                return;
            }
        }
    }

    /** One retry on a fresh connection: a probe connection can break on its own without the server being gone. */
    private boolean backendAlive() {
        for (int attempt = 0; attempt < 2 && !closed; attempt++) {
            try {
                if (probe == null) {
                    probe = db.open();
                    probe.setAutoCommit(true);
                    probe.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                }
                try (PreparedStatement ps = probe.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
                    ps.setInt(1, pid);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1) > 0;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                closeProbe();
            }
        }
        return closed;
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // nothing to release
            }
            probe = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(timeout.toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProbe();
    }
}
