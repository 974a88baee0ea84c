package dev.manor.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Row counts and content checksums per table, computed in SQL so no row leaves the server. Used to
 * prove that data survives a migration's up and down.
 */
public final class TableData {
    private TableData() {
    }

    /** Keyed by {@code schema.table}; ignored tables are left out. */
    public static Map<String, TableChecksum> checksums(Connection c, Collection<String> schemas,
                                                      Collection<String> ignoredTables) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.nspname, cl.relname FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
                WHERE cl.relkind IN ('r', 'p') AND NOT cl.relispartition AND n.nspname = ANY (?)
                ORDER BY 1, 2""")) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!ignoredTables.contains(rs.getString(2))) {
                        tables.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        Map<String, TableChecksum> out = new TreeMap<>();
        try (Statement s = c.createStatement()) {
            for (String[] t : tables) {
                String q = quote(t[0]) + "." + quote(t[1]);
                try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(md5(string_agg(x.t, '|' ORDER BY x.t)), '')"
                        + " FROM (SELECT r::text AS t FROM " + q + " r) x")) {
                    rs.next();
                    out.put(t[0] + "." + t[1], new TableChecksum(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
