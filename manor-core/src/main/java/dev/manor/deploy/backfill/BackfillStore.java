package dev.manor.deploy.backfill;

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
 * {@code <history schema>.manor_backfills}: the last key and row count of every backfill. Batches
 * update it in their own transaction, so a rerun continues exactly after the last committed batch.
 */
public final class BackfillStore {
    private final String schema;
    private final String table;

    public BackfillStore(String historySchema) {
        this.schema = historySchema;
        this.table = quote(historySchema) + ".manor_backfills";
    }

    public void ensureTable(Connection c) throws SQLException {
        if (exists(c)) {
            return; // CREATE ... IF NOT EXISTS still needs the CREATE privilege a deploy role may not have
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
            s.execute("""
                    CREATE TABLE IF NOT EXISTS %s (
                      migration_id text PRIMARY KEY,
                      table_name   text NOT NULL,
                      key_column   text NOT NULL,
                      last_key     text,
                      rows_done    bigint NOT NULL DEFAULT 0,
                      batches      integer NOT NULL DEFAULT 0,
                      status       text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
                      started_at   timestamptz NOT NULL DEFAULT now(),
                      updated_at   timestamptz NOT NULL DEFAULT now(),
                      finished_at  timestamptz,
                      error        text
                    )""".formatted(table));
        }
    }

    /** The quoted, schema-qualified name of the progress table. */
    public String tableName() {
        return table;
    }

    /** Whether the table exists yet (status commands must not create it). */
    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public Optional<BackfillRecord> find(Connection c, String migrationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select() + " WHERE migration_id = ?")) {
            ps.setString(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<BackfillRecord> list(Connection c) throws SQLException {
        if (!exists(c)) {
            return List.of();
        }
        List<BackfillRecord> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select() + " ORDER BY started_at, migration_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.add(read(rs));
            }
        }
        return all;
    }

    /** Starts a backfill from the first key, replacing a record left by an earlier application of the migration. */
    public void start(Connection c, String migrationId, String tableName, String keyColumn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (migration_id, table_name, key_column, status) VALUES (?, ?, ?, 'running')"
                + " ON CONFLICT (migration_id) DO UPDATE SET table_name = excluded.table_name,"
                + " key_column = excluded.key_column, last_key = NULL, rows_done = 0, batches = 0, status = 'running',"
                + " started_at = now(), updated_at = now(), finished_at = NULL, error = NULL")) {
            ps.setString(1, migrationId);
            ps.setString(2, tableName);
            ps.setString(3, keyColumn);
            ps.executeUpdate();
        }
    }

    public void finish(Connection c, String migrationId, String status, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET status = ?, error = ?, updated_at = now(),"
                + " finished_at = CASE WHEN ? = 'done' THEN now() END WHERE migration_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, error);
            ps.setString(3, status);
            ps.setString(4, migrationId);
            ps.executeUpdate();
        }
    }

    private String select() {
        return "SELECT migration_id, table_name, key_column, last_key, rows_done, batches, status, started_at,"
                + " updated_at, finished_at, error FROM " + table;
    }

    private static BackfillRecord read(ResultSet rs) throws SQLException {
        return new BackfillRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getInt(6), rs.getString(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)),
                instant(rs.getTimestamp(10)), rs.getString(11));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
