package dev.manor.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs work with some session settings pinned (so output does not depend on the caller's search_path,
 * time zone, ...) and puts the caller's values back afterwards. Uses session-level set_config, which inside
 * a transaction is undone by a rollback and kept by a commit; either way the caller ends with its own values.
 * If the work fails inside a transaction, the restore cannot run, but the caller's rollback restores them.
 */
final class PinnedSettings {
    interface Work<T> {
        T run() throws SQLException;
    }

    private PinnedSettings() {
    }

    static <T> T with(Connection c, Map<String, String> settings, Work<T> work) throws SQLException {
        Map<String, String> saved = apply(c, settings);
        T result;
        try {
            result = work.run();
        } catch (SQLException | RuntimeException e) {
            try {
                apply(c, saved);
            } catch (SQLException restoreFailure) {
                e.addSuppressed(restoreFailure);
            }
            throw e;
        }
        apply(c, saved);
        return result;
    }

    /** Sets each setting and returns the values they had before. */
    private static Map<String, String> apply(Connection c, Map<String, String> settings) throws SQLException {
        Map<String, String> previous = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_catalog.current_setting(?), pg_catalog.set_config(?, ?, false)")) {
            for (Map.Entry<String, String> s : settings.entrySet()) {
                ps.setString(1, s.getKey());
                ps.setString(2, s.getKey());
                ps.setString(3, s.getValue());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    previous.put(s.getKey(), rs.getString(1));
                }
            }
        }
        return previous;
    }
}
