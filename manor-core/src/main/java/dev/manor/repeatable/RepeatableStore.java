package dev.manor.repeatable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code manor_repeatables}: each repeatable script's last applied checksum and text. The text is kept so that a drift
 * check can rebuild exactly what was applied, even after the file changed.
 */
public final class RepeatableStore {
    public static final String TABLE = "manor_repeatables";

    /** What was applied last for one repeatable. */
    public record Applied(String name, String checksum, String sql) {
    }

    private final String schema;
    private final String table;

    public RepeatableStore(String schema) {
        this.schema = schema;
        this.table = quote(schema) + "." + TABLE;
    }

    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Creates the table when missing; call it under the deploy lock. */
    public void ensureTable(Connection c) throws SQLException {
        if (exists(c)) {
            return; // CREATE ... IF NOT EXISTS still needs the CREATE privilege a deploy role may not have
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
            s.execute("""
                    CREATE TABLE IF NOT EXISTS %s (
                      name       text PRIMARY KEY,
                      checksum   text NOT NULL,
                      sql        text NOT NULL,
                      applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                      db_user    text NOT NULL DEFAULT current_user
                    )""".formatted(table));
        }
    }

    /** Every recorded repeatable by name, in name order; empty when the table does not exist yet. */
    public Map<String, Applied> applied(Connection c) throws SQLException {
        Map<String, Applied> out = new LinkedHashMap<>();
        if (!exists(c)) {
            return out;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, checksum, sql FROM " + table + " ORDER BY name")) {
            while (rs.next()) {
                out.put(rs.getString(1), new Applied(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    /** Records the script as applied now; in the caller's transaction, with the script's statements. */
    public void record(Connection c, SqlScript script) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (name, checksum, sql) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, sql = excluded.sql,"
                + " applied_at = clock_timestamp(), db_user = current_user")) {
            ps.setString(1, script.name());
            ps.setString(2, script.checksum());
            ps.setString(3, script.sql());
            ps.executeUpdate();
        }
    }

    /** Forgets every repeatable (reset: the schema they were applied to is gone). */
    public void clear(Connection c) throws SQLException {
        if (exists(c)) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + table);
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
