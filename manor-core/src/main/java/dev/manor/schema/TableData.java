package dev.manor.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Row-data checksums, for rollback proofs ("up; down" must also give back the same rows). Computed in SQL;
 * each table's rows are aggregated in memory by the server, so this is meant for test and shadow databases,
 * not for large production tables.
 */
public final class TableData {
    /** Row text depends on these settings; pin them so two sessions agree. */
    private static final Map<String, String> STABLE_OUTPUT = stableOutput();

    private TableData() {
    }

    private static Map<String, String> stableOutput() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("search_path", "");
        m.put("TimeZone", "UTC");
        m.put("DateStyle", "ISO, MDY");
        m.put("IntervalStyle", "postgres");
        m.put("extra_float_digits", "1");
        m.put("bytea_output", "hex");
        m.put("lc_monetary", "C");
        return Collections.unmodifiableMap(m);
    }

    /**
     * Checksums of every table holding rows (regular tables and partitions; a partitioned parent's rows are
     * counted in its partitions, and inheritance children are not counted twice) in the given schemas, keyed by
     * qualified name as in snapshots ({@code public.User}), sorted. Read-only; safe inside an open transaction.
     */
    public static Map<String, TableChecksum> checksums(Connection c, Collection<String> schemas,
                                                       Collection<String> ignoredTables) throws SQLException {
        CatalogQuery query = new CatalogQuery(c, schemas, ignoredTables);
        return PinnedSettings.with(c, STABLE_OUTPUT, () -> {
            List<String[]> tables = query.list("""
                    SELECT n.nspname, c.relname,
                           pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS quoted
                    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind = 'r' AND n.nspname = ANY(:schemas) AND c.relname <> ALL(:ignored)""",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            Map<String, TableChecksum> result = new TreeMap<>();
            try (Statement s = c.createStatement()) {
                for (String[] t : tables) {
                    result.put(Names.qualified(t[0], Names.part(t[1])), checksum(s, t[2]));
                }
            }
            return Collections.unmodifiableMap(result);
        });
    }

    private static TableChecksum checksum(Statement s, String quotedTable) throws SQLException {
        String sql = "SELECT count(*), coalesce(pg_catalog.md5(pg_catalog.string_agg(t::text, '|' ORDER BY t::text)),"
                + " pg_catalog.md5('')) FROM ONLY " + quotedTable + " t";
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new TableChecksum(rs.getLong(1), rs.getString(2));
        }
    }
}
