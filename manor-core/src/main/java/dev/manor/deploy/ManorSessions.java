package dev.manor.deploy;

import dev.manor.ManorException;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sessions that do a deployer's work (migrations, journal, backfill batches) carry an application_name
 * {@code manor <run> <history schema>}, so that the next deployer can find a killed one's backends: the
 * server goes on running a statement whose client died (it notices only when it next writes to the client,
 * or every client_connection_check_interval, which Manor sets to 1 s on PostgreSQL 14+ for its own
 * sessions). Such an orphan may still commit; nothing may be resumed until it has ended.
 */
public final class ManorSessions {
    /** One per JVM: every session this process opens is the same run. */
    static final String RUN_ID = HexFormat.of().formatHex(randomBytes());
    private static final int NAMEDATALEN = 63;
    private static final String PREFIX = "manor ";
    private static final Duration POLL = Duration.ofMillis(200);

    private ManorSessions() {
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** application_name of this run's working sessions, cut to what the server keeps. */
    static String applicationName(String historySchema) {
        return truncate(PREFIX + RUN_ID + " " + historySchema);
    }

    /**
     * Names the session and makes the server notice a dead client within a second (PG14+). {@code local}
     * applies both to the current transaction only, for a session handed back to an application's pool.
     */
    public static void tag(Connection c, String historySchema, boolean local) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('application_name', ?, ?),"
                + " CASE WHEN current_setting('server_version_num')::int >= 140000"
                + " THEN set_config('client_connection_check_interval', '1000', ?) END")) {
            ps.setString(1, applicationName(historySchema));
            ps.setBoolean(2, local);
            ps.setBoolean(3, local);
            ps.executeQuery().close();
        }
    }

    /** {@link #tag} at session level, returning the backend's pid from the same round trip. */
    static int tagSession(Connection c, String historySchema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid(), set_config('application_name', ?,"
                + " false), CASE WHEN current_setting('server_version_num')::int >= 140000"
                + " THEN set_config('client_connection_check_interval', '1000', false) END")) {
            ps.setString(1, applicationName(historySchema));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Undoes {@link #tag} on a session that goes back to an application's pool. */
    public static void untag(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("RESET application_name");
            s.execute("SELECT CASE WHEN current_setting('server_version_num')::int >= 140000"
                    + " THEN set_config('client_connection_check_interval', '0', false) END");
        } catch (SQLException ignored) {
            // a broken session is not handed out again
        }
    }

    /** A backend of an earlier Manor run on the same history schema that still runs or holds a transaction. */
    public record Orphan(int pid, String state, String query, long seconds) {
        String describe() {
            return "pid " + pid + " (" + state + " for " + seconds + " s: " + query + ")";
        }
    }

    /** The backends of earlier runs on this history schema that are not idle. Call while holding the deploy lock. */
    static List<Orphan> find(Connection c, String historySchema) throws SQLException {
        String own = applicationName(historySchema);
        int runEnd = PREFIX.length() + RUN_ID.length();
        List<Orphan> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT pid, state, regexp_replace(left(query, 100), '\\s+', ' ', 'g'),
                       coalesce(extract(epoch FROM now() - coalesce(query_start, xact_start))::bigint, 0)
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
                  AND left(application_name, ?) = ? AND substr(application_name, ?) = ?
                  AND substr(application_name, ?, ?) <> ?
                ORDER BY pid""")) {
            ps.setInt(1, PREFIX.length());
            ps.setString(2, PREFIX);
            ps.setInt(3, runEnd + 1);
            ps.setString(4, own.substring(runEnd));
            ps.setInt(5, PREFIX.length() + 1);
            ps.setInt(6, RUN_ID.length());
            ps.setString(7, RUN_ID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Orphan(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    /**
     * Waits (up to {@code wait}) for the backends a killed deployer left running, so that what they commit
     * is in the journal before anything resumes; ends at once those idle in a transaction (waiting for a
     * client that is gone: ending them rolls their work back). Refuses when some are still running.
     */
    static void awaitOrphans(Connection c, String historySchema, Duration wait, DeployListener listener)
            throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true) {
            List<Orphan> orphans = find(c, historySchema);
            List<Orphan> running = new ArrayList<>();
            for (Orphan o : orphans) {
                if (o.state().startsWith("idle in transaction")) {
                    terminate(c, o.pid());
                    listener.notice("ended " + o.describe() + ", left by an earlier Manor run; its work was rolled back");
                } else {
                    running.add(o);
                }
            }
            if (running.isEmpty()) {
                return;
            }
            if (!told) {
                listener.notice("waiting for " + running.size() + " backend(s) of an earlier Manor run that is gone"
                        + " (killed?) to finish: " + describe(running));
                told = true;
            }
            if (System.nanoTime() > deadline) {
                throw new ManorException("an earlier Manor run that is gone left " + describe(running) + " still"
                        + " running after " + wait.toSeconds() + " s; Manor cannot resume until it ends (what it"
                        + " commits must be known). Wait for it (raise --lock-wait), or end it with SELECT"
                        + " pg_terminate_backend(" + running.get(0).pid() + "): its statement is rolled back and"
                        + " the next deploy runs it again");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ManorException("interrupted while waiting for an earlier run's backends");
            }
        }
    }

    private static void terminate(Connection c, int pid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            ps.executeQuery().close();
        }
    }

    private static String describe(List<Orphan> orphans) {
        return String.join(", ", orphans.stream().map(Orphan::describe).toList());
    }

    private static String truncate(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= NAMEDATALEN) {
            return name;
        }
        int end = NAMEDATALEN;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not cut a character in two
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
