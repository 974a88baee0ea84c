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
    /** The event that starts the hash chain in a log created by an earlier Manor. */
    public static final String UPGRADE_ACTION = "history-upgrade";
    /** "MNRL": first key half of the lock that serialises writers of the chain. */
    private static final int CHAIN_LOCK_KEY = 0x4D4E524C;

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
     * Creates the schema and tables when missing, and upgrades a log written by an earlier Manor to the hash chain.
     * Call it while holding the deploy lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
     */
    public void ensureTables(Connection c) throws SQLException {
        if (exists(c)) {
            allowRollingBack(c);
            if (!chained(c)) {
                try {
                    upgradeToChain(c);
                } catch (SQLException e) {
                    if ("42501".equals(e.getSQLState())) { // insufficient_privilege: the tables have another owner
                        throw new dev.manor.ManorException("the deployment log in schema " + schema + " predates the"
                                + " hash chain and only its owner can upgrade it: run 'manor history setup --owner <role>"
                                + " --deployer <role>' as a superuser (docs/history.md)", e);
                    }
                    throw e;
                }
            }
            return;
        }
        inTransaction(c, s -> {
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
                      manor_version text,
                      prev_hash     text,
                      hash          text
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
            createStampTrigger(s);
        });
    }

    /** Whether manor_events has the hash chain (a log created by Manor before it did not). */
    private boolean chained(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = "
                + "to_regclass(?) AND attname = 'hash' AND NOT attisdropped)")) {
            ps.setString(1, events);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Adds the hash columns and the stamping trigger to a log written by an earlier Manor. The chain starts at a
     * recorded history-upgrade event: the events before it stay as they were, unchained, and are reported as such.
     */
    private void upgradeToChain(Connection c) throws SQLException {
        inTransaction(c, s -> {
            s.execute("LOCK TABLE " + events + " IN ACCESS EXCLUSIVE MODE");
            if (chained(c)) {
                return; // another Manor upgraded it while this one waited for the lock
            }
            long before;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + events)) {
                rs.next();
                before = rs.getLong(1);
            }
            s.execute("ALTER TABLE " + events + " ADD COLUMN prev_hash text, ADD COLUMN hash text");
            createStampTrigger(s);
            record(c, Event.of(UPGRADE_ACTION, null, "ok", "the hash chain starts here; the " + before
                    + " earlier events are not chained"));
        });
    }

    /**
     * Stamps each new event on the server: its number, time and database user, whatever the INSERT says (OVERRIDING
     * SYSTEM VALUE included), and its place in the hash chain. The advisory lock, held to the end of the inserting
     * transaction, makes writers extend the chain one at a time (key "MNRL", not the deploy lock's "MANR"). The
     * function runs as the inserting role, so the database user is the one who wrote the row.
     */
    private void createStampTrigger(Statement s) throws SQLException {
        StringBuilder content = new StringBuilder("coalesce(char_length(NEW.prev_hash) || ':' || NEW.prev_hash, '-')"
                + " || '|' || NEW.seq || '|' || to_char(NEW.at AT TIME ZONE 'UTC', '" + EventChain.SQL_TIME_FORMAT + "')");
        for (String column : EventChain.CONTENT_COLUMNS) {
            content.append(" || '|' || coalesce(char_length(NEW.").append(column).append(") || ':' || NEW.")
                    .append(column).append(", '-')");
        }
        s.execute("""
                CREATE OR REPLACE FUNCTION %1$s.manor_events_stamp() RETURNS trigger LANGUAGE plpgsql
                SET search_path = pg_catalog, pg_temp AS $f$
                DECLARE
                  previous record;
                BEGIN
                  PERFORM pg_advisory_xact_lock(%2$d, hashtext(%3$s));
                  SELECT e.seq, e.hash INTO previous FROM %4$s e ORDER BY e.seq DESC LIMIT 1;
                  NEW.seq := coalesce(previous.seq, 0) + 1;
                  NEW.at := clock_timestamp();
                  NEW.db_user := current_user;
                  NEW.prev_hash := previous.hash;
                  NEW.hash := encode(sha256(convert_to(%5$s, 'UTF8')), 'hex');
                  RETURN NEW;
                END $f$""".formatted(quote(schema), CHAIN_LOCK_KEY, literal(schema), events, content));
        s.execute("DROP TRIGGER IF EXISTS manor_events_stamp ON " + events);
        s.execute("CREATE TRIGGER manor_events_stamp BEFORE INSERT ON " + events
                + " FOR EACH ROW EXECUTE FUNCTION " + quote(schema) + ".manor_events_stamp()");
    }

    /**
     * Recomputes the hash chain of manor_events in Java, oldest first, and names the first event that breaks it.
     * What the chain cannot show: events removed from its end, or a whole chain rewritten by the tables' owner.
     */
    public EventChain.Verification verifyChain(Connection c) throws SQLException {
        if (!exists(c)) {
            return EventChain.Verification.empty();
        }
        if (!chained(c)) {
            return EventChain.Verification.notChainedYet();
        }
        EventChain.Verifier verifier = new EventChain.Verifier();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + events + " ORDER BY seq")) {
            ps.setFetchSize(1000);
            boolean auto = c.getAutoCommit();
            if (auto) {
                c.setAutoCommit(false); // a fetch size only streams inside a transaction
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && verifier.accept(readEvent(rs), rs.getString("prev_hash"), rs.getString("hash"))) {
                    // stops at the first break
                }
            } finally {
                if (auto) {
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
        }
        return verifier.result();
    }

    private interface StatementWork {
        void run(Statement s) throws SQLException;
    }

    private static void inTransaction(Connection c, StatementWork work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            work.run(s);
            c.commit();
        } catch (SQLException | RuntimeException e) {
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
        try (PreparedStatement ps = c.prepareStatement(upsertRow())) {
            bindRow(ps, m, status, stepsDone, started, finished, error, reportJson);
            ps.executeUpdate();
        }
    }

    /**
     * {@link #write} and {@link #record} in one statement (one round trip): the row and its event are written
     * together, in the caller's transaction.
     */
    public void writeWithEvent(Connection c, Migration m, HistoryStatus status, int stepsDone, Instant started,
                               Instant finished, String error, String reportJson, Event e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH history_row AS (" + upsertRow() + " RETURNING 1) "
                + insertEvent())) {
            int next = bindRow(ps, m, status, stepsDone, started, finished, error, reportJson);
            bindEvent(ps, next, e);
            ps.executeUpdate();
        }
    }

    private String upsertRow() {
        return """
                INSERT INTO %s (id, name, checksum, down_checksum, status, transactional, steps_done, started_at,
                                finished_at, duration_ms, os_user, host, manor_version, error, report)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, checksum = excluded.checksum,
                  down_checksum = excluded.down_checksum, status = excluded.status,
                  transactional = excluded.transactional, steps_done = excluded.steps_done,
                  started_at = excluded.started_at, finished_at = excluded.finished_at,
                  duration_ms = excluded.duration_ms, db_user = current_user, os_user = excluded.os_user,
                  host = excluded.host, manor_version = excluded.manor_version, error = excluded.error,
                  report = excluded.report, rolled_back_at = NULL""".formatted(migrations);
    }

    /** Binds the row's 15 parameters; returns the index of the next one. */
    private int bindRow(PreparedStatement ps, Migration m, HistoryStatus status, int stepsDone, Instant started,
                        Instant finished, String error, String reportJson) throws SQLException {
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
        return 16;
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

    /** import: the source tool recorded another checksum than the file's, so the applied row must not match the file. */
    public void setChecksum(Connection c, String id, String checksum) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + migrations + " SET checksum = ? WHERE id = ?")) {
            ps.setString(1, checksum);
            ps.setString(2, id);
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
        try (PreparedStatement ps = c.prepareStatement(insertEvent())) {
            bindEvent(ps, 1, e);
            ps.executeUpdate();
        }
    }

    private String insertEvent() {
        return "INSERT INTO " + events + " (action, migration_id, outcome, detail, environment, os_user, host,"
                + " manor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private void bindEvent(PreparedStatement ps, int first, Event e) throws SQLException {
        ps.setString(first, e.action());
        ps.setString(first + 1, e.migrationId());
        ps.setString(first + 2, e.outcome());
        ps.setString(first + 3, e.detail());
        ps.setString(first + 4, environment);
        ps.setString(first + 5, actor.osUser());
        ps.setString(first + 6, actor.host());
        ps.setString(first + 7, actor.manorVersion());
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
     * After a restore rewound manor_events to the backup's contents: re-records the given events (read before the
     * restore) that are newer than the restored log's newest, so the log stays whole. The server stamps them anew
     * (number, time, user, chain), so each says in its detail where and when it was first recorded.
     * Returns how many were carried over.
     */
    public int carryOver(Connection c, List<Event> before) throws SQLException {
        // The newest restored event that was in the log before: events written since the restore (such as the
        // history-upgrade of a log restored from an older Manor) do not count.
        java.util.Map<Long, Instant> beforeTimes = new java.util.HashMap<>();
        before.forEach(e -> beforeTimes.put(e.seq(), e.at()));
        long newest = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, at FROM " + events)) {
            while (rs.next()) {
                if (rs.getTimestamp(2).toInstant().equals(beforeTimes.get(rs.getLong(1)))) {
                    newest = Math.max(newest, rs.getLong(1));
                }
            }
        }
        int carried = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + events
                + " (action, migration_id, outcome, detail, environment, os_user, host, manor_version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Event e : before) {
                if (e.seq() <= newest) {
                    continue;
                }
                String origin = "carried over from #" + e.seq() + " of " + e.at() + " by " + e.dbUser();
                ps.setString(1, e.action());
                ps.setString(2, e.migrationId());
                ps.setString(3, e.outcome());
                ps.setString(4, e.detail() == null ? origin : e.detail() + " (" + origin + ")");
                ps.setString(5, e.environment());
                ps.setString(6, e.osUser());
                ps.setString(7, e.host());
                ps.setString(8, e.manorVersion());
                ps.executeUpdate();
                carried++;
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

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
