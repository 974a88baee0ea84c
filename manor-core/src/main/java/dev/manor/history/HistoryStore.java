package dev.manor.history;

import dev.manor.migration.Migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * manor_migrations and manor_events in the history schema. Every write takes the caller's
 * connection so that it joins the caller's transaction: a migration and its row commit together.
 */
public final class HistoryStore {
    private final String schema;
    private final String migrations;
    private final String events;
    private final Actor actor;
    private final String environment;

    public HistoryStore(String schema, String environment) {
        this.schema = schema;
        this.migrations = quote(schema) + ".manor_migrations";
        this.events = quote(schema) + ".manor_events";
        this.actor = Actor.current();
        this.environment = environment;
    }

    public String schema() {
        return schema;
    }

    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, migrations);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Creates the schema and tables when missing. Call it while holding the deploy lock: two
     * concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
     */
    public void ensureTables(Connection c) throws SQLException {
        if (exists(c)) {
            allowRollingBack(c);
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
            s.execute("""
                    CREATE TABLE %s (
                      id             text PRIMARY KEY,
                      name           text NOT NULL,
                      checksum       text NOT NULL,
                      down_checksum  text,
                      status         text NOT NULL CONSTRAINT manor_migrations_status_check
                                       CHECK (status IN %s),
                      transactional  boolean NOT NULL,
                      steps_done     integer NOT NULL DEFAULT 0,
                      started_at     timestamptz NOT NULL,
                      finished_at    timestamptz,
                      duration_ms    bigint,
                      db_user        text NOT NULL DEFAULT current_user,
                      os_user        text,
                      host           text,
                      manor_version  text NOT NULL,
                      error          text,
                      report         jsonb,
                      rolled_back_at timestamptz
                    )""".formatted(migrations, STATUSES));
            s.execute("""
                    CREATE TABLE %s (
                      seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      at            timestamptz NOT NULL DEFAULT clock_timestamp(),
                      action        text NOT NULL,
                      migration_id  text,
                      outcome       text NOT NULL,
                      detail        text,
                      environment   text,
                      db_user       text NOT NULL DEFAULT current_user,
                      os_user       text,
                      host          text,
                      manor_version text
                    )""".formatted(events));
            // The deployment log is evidence: refuse edits and deletions at the database level.
            s.execute("""
                    CREATE FUNCTION %s.manor_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
                    BEGIN
                      RAISE EXCEPTION 'manor_events is append-only';
                    END $f$""".formatted(quote(schema)));
            s.execute("CREATE TRIGGER manor_events_no_change BEFORE UPDATE OR DELETE ON " + events
                    + " FOR EACH ROW EXECUTE FUNCTION " + quote(schema) + ".manor_events_append_only()");
            s.execute("CREATE TRIGGER manor_events_no_truncate BEFORE TRUNCATE ON " + events
                    + " FOR EACH STATEMENT EXECUTE FUNCTION " + quote(schema) + ".manor_events_append_only()");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static final String STATUSES = "('applied', 'failed', 'rolled_back', 'running', 'rolling_back')";

    /** A history made before down scripts were journaled does not accept 'rolling_back' yet. */
    private void allowRollingBack(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = ?::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%status%'")) {
            ps.setString(1, migrations);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1).contains("rolling_back")) {
                    return;
                }
            }
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + migrations + " DROP CONSTRAINT IF EXISTS manor_migrations_status_check,"
                    + " ADD CONSTRAINT manor_migrations_status_check CHECK (status IN " + STATUSES + ")");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    public List<HistoryRecord> records(Connection c) throws SQLException {
        if (!exists(c)) {
            return List.of();
        }
        List<HistoryRecord> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + migrations + " ORDER BY id")) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    public Optional<HistoryRecord> find(Connection c, String id) throws SQLException {
        if (!exists(c)) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + migrations + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Binds the same parameter types as {@link #write} and {@link #record} in a SELECT that writes nothing.
     * A CLI deploy runs in a fresh JVM: without this, the first migration pays for loading and interpreting
     * the JDBC binding code (timestamps above all) between its last statement and its commit, while it
     * still holds its locks (measured: ~20 ms of ACCESS EXCLUSIVE for a one-line ADD COLUMN).
     */
    public void warmUp(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ?::text, ?::boolean, ?::int, ?::timestamptz, ?::timestamptz, ?::bigint, ?::bigint, ?::jsonb")) {
            Instant now = Instant.now();
            ps.setString(1, actor.osUser() + actor.host() + actor.manorVersion() + environment);
            ps.setBoolean(2, true);
            ps.setInt(3, 0);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setTimestamp(5, null);
            ps.setLong(6, now.toEpochMilli());
            ps.setNull(7, java.sql.Types.BIGINT);
            ps.setString(8, "{}");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    /** Writes the final row of a migration: applied, failed or running, replacing any earlier row. */
    public void write(Connection c, Migration m, HistoryStatus status, int stepsDone, Instant started,
                      Instant finished, String error, String reportJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO %s (id, name, checksum, down_checksum, status, transactional, steps_done, started_at,
                                finished_at, duration_ms, os_user, host, manor_version, error, report)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, checksum = excluded.checksum,
                  down_checksum = excluded.down_checksum, status = excluded.status,
                  transactional = excluded.transactional, steps_done = excluded.steps_done,
                  started_at = excluded.started_at, finished_at = excluded.finished_at,
                  duration_ms = excluded.duration_ms, db_user = current_user, os_user = excluded.os_user,
                  host = excluded.host, manor_version = excluded.manor_version, error = excluded.error,
                  report = excluded.report, rolled_back_at = NULL""".formatted(migrations))) {
            ps.setString(1, m.id());
            ps.setString(2, m.name());
            ps.setString(3, m.checksum());
            ps.setString(4, m.downChecksum());
            ps.setString(5, status.dbValue());
            ps.setBoolean(6, m.transactional());
            ps.setInt(7, stepsDone);
            ps.setTimestamp(8, Timestamp.from(started));
            ps.setTimestamp(9, finished == null ? null : Timestamp.from(finished));
            if (finished == null) {
                ps.setNull(10, java.sql.Types.BIGINT);
            } else {
                ps.setLong(10, finished.toEpochMilli() - started.toEpochMilli());
            }
            ps.setString(11, actor.osUser());
            ps.setString(12, actor.host());
            ps.setString(13, actor.manorVersion());
            ps.setString(14, error);
            ps.setString(15, reportJson);
            ps.executeUpdate();
        }
    }

    /** Journals a finished statement of a no-transaction migration. */
    public void recordStep(Connection c, String id, int stepsDone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + migrations + " SET steps_done = ? WHERE id = ?")) {
            ps.setInt(1, stepsDone);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** A no-transaction down script starts (or resumes) after {@code stepsDone} of its statements. */
    public void markRollingBack(Connection c, String id, int stepsDone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + migrations
                + " SET status = 'rolling_back', steps_done = ? WHERE id = ?")) {
            ps.setInt(1, stepsDone);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    public void markRolledBack(Connection c, String id) throws SQLException {
        updateStatus(c, id, HistoryStatus.ROLLED_BACK, "rolled_back_at = clock_timestamp(), steps_done = 0");
    }

    /** resolve --applied: the migration's effect is in place (fixed forward by hand). */
    public void markResolvedApplied(Connection c, Migration m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + migrations
                + " SET status = 'applied', checksum = ?, down_checksum = ?, error = NULL,"
                + " finished_at = coalesce(finished_at, clock_timestamp()) WHERE id = ?")) {
            ps.setString(1, m.checksum());
            ps.setString(2, m.downChecksum());
            ps.setString(3, m.id());
            ps.executeUpdate();
        }
    }

    public void markResolvedRolledBack(Connection c, String id) throws SQLException {
        markRolledBack(c, id);
    }

    /** reset: the managed schemas were emptied, so no migration is applied any more. */
    public void clearMigrations(Connection c) throws SQLException {
        if (!exists(c)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + migrations);
        }
    }

    private void updateStatus(Connection c, String id, HistoryStatus status, String extra) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + migrations + " SET status = ?"
                + (extra.isEmpty() ? "" : ", " + extra) + " WHERE id = ?")) {
            ps.setString(1, status.dbValue());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** Appends an event in the caller's transaction. */
    public void record(Connection c, Event e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + events
                + " (action, migration_id, outcome, detail, environment, os_user, host, manor_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.action());
            ps.setString(2, e.migrationId());
            ps.setString(3, e.outcome());
            ps.setString(4, e.detail());
            ps.setString(5, environment);
            ps.setString(6, actor.osUser());
            ps.setString(7, actor.host());
            ps.setString(8, actor.manorVersion());
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} events, oldest first. */
    public List<Event> events(Connection c, int limit) throws SQLException {
        if (!exists(c)) {
            return List.of();
        }
        List<Event> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM (SELECT * FROM " + events
                + " ORDER BY seq DESC LIMIT ?) e ORDER BY seq")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readEvent(rs));
                }
            }
        }
        return out;
    }

    /** Every event of one migration, oldest first (gates read a staging environment's proofs and rollbacks). */
    public List<Event> eventsFor(Connection c, String migrationId) throws SQLException {
        if (!exists(c)) {
            return List.of();
        }
        List<Event> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + events + " WHERE migration_id = ? ORDER BY seq")) {
            ps.setString(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readEvent(rs));
                }
            }
        }
        return out;
    }

    /**
     * After a restore rewound manor_events to the backup's contents: re-inserts the given events (read before the
     * restore) that are newer than the restored log's newest, keeping their numbers and times, so the log stays whole.
     * Returns how many were carried over.
     */
    public int carryOver(Connection c, List<Event> before) throws SQLException {
        long newest;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM " + events)) {
            rs.next();
            newest = rs.getLong(1);
        }
        int carried = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + events
                + " (seq, at, action, migration_id, outcome, detail, environment, db_user, os_user, host, manor_version)"
                + " OVERRIDING SYSTEM VALUE VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Event e : before) {
                if (e.seq() <= newest) {
                    continue;
                }
                ps.setLong(1, e.seq());
                ps.setTimestamp(2, Timestamp.from(e.at()));
                ps.setString(3, e.action());
                ps.setString(4, e.migrationId());
                ps.setString(5, e.outcome());
                ps.setString(6, e.detail());
                ps.setString(7, e.environment());
                ps.setString(8, e.dbUser());
                ps.setString(9, e.osUser());
                ps.setString(10, e.host());
                ps.setString(11, e.manorVersion());
                ps.executeUpdate();
                carried++;
            }
        }
        if (carried > 0) {
            try (PreparedStatement ps = c.prepareStatement("SELECT setval(pg_get_serial_sequence(?, 'seq'), "
                    + "(SELECT max(seq) FROM " + events + "))")) {
                ps.setString(1, events);
                ps.executeQuery().close();
            }
        }
        return carried;
    }

    private static Event readEvent(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("seq"), rs.getTimestamp("at").toInstant(), rs.getString("action"),
                rs.getString("migration_id"), rs.getString("outcome"), rs.getString("detail"),
                rs.getString("environment"), rs.getString("db_user"), rs.getString("os_user"),
                rs.getString("host"), rs.getString("manor_version"));
    }

    private static HistoryRecord read(ResultSet rs) throws SQLException {
        Timestamp fin = rs.getTimestamp("finished_at");
        Timestamp rb = rs.getTimestamp("rolled_back_at");
        long dur = rs.getLong("duration_ms");
        Long duration = rs.wasNull() ? null : dur;
        return new HistoryRecord(rs.getString("id"), rs.getString("name"), rs.getString("checksum"),
                rs.getString("down_checksum"), HistoryStatus.fromDb(rs.getString("status")),
                rs.getBoolean("transactional"), rs.getInt("steps_done"), rs.getTimestamp("started_at").toInstant(),
                fin == null ? null : fin.toInstant(), duration, rs.getString("db_user"), rs.getString("os_user"),
                rs.getString("host"), rs.getString("manor_version"), rs.getString("error"), rs.getString("report"),
                rb == null ? null : rb.toInstant());
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
