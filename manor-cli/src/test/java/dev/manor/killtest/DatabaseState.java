package dev.manor.killtest;

import dev.manor.schema.SchemaObject;
import dev.manor.schema.SchemaSnapshot;
import dev.manor.schema.TableChecksum;
import dev.manor.schema.TableData;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a kill trial's end state is compared on: the schema (by {@link SchemaSnapshot}), every table's
 * checksum, the exactly-once counters (counters.n, the update counts the trigger keeps, the NULLs a lost
 * backfill batch leaves), the history (status per migration, applied/rolled-back events per migration) and
 * the backfill records.
 */
public record DatabaseState(String fingerprint, Map<String, String> schemaObjects, Map<String, TableChecksum> tables,
                            Map<String, Long> counters, Map<String, Long> exactlyOnce,
                            Map<String, String> history, Map<String, Long> historyEvents,
                            Map<String, String> backfills) {
    private static final List<String> SCHEMAS = List.of("public");

    public static DatabaseState read(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            SchemaSnapshot snapshot = SchemaSnapshot.read(c, SCHEMAS, List.of());
            Map<String, String> objects = new TreeMap<>();
            for (SchemaObject o : snapshot.objects()) {
                objects.put(o.key(), o.attributes().toString());
            }
            Map<String, TableChecksum> tables = TableData.checksums(c, SCHEMAS, List.of());
            Map<String, Long> counters = longs(c, "SELECT name, n FROM counters", true);
            Map<String, Long> exactlyOnce = new TreeMap<>();
            for (String table : List.of("big_a", "big_b")) {
                exactlyOnce.putAll(longs(c, "SELECT '" + table + ".sum(upd_count)', sum(upd_count) FROM " + table, true));
            }
            for (Map.Entry<String, Long> column : longs(c, """
                    SELECT table_name || '.' || column_name, 0 FROM information_schema.columns
                    WHERE table_schema = 'public' AND column_name LIKE 'score\\_%'""", false).entrySet()) {
                String[] tc = column.getKey().split("\\.");
                exactlyOnce.putAll(longs(c, "SELECT '" + column.getKey() + " IS NULL', count(*) FROM " + tc[0]
                        + " WHERE " + tc[1] + " IS NULL", false));
            }
            Map<String, String> history = strings(c, "SELECT id, status FROM manor.manor_migrations");
            Map<String, Long> events = longs(c, """
                    SELECT action || ' ' || migration_id || ' ' || outcome, count(*) FROM manor.manor_events
                    WHERE migration_id IS NOT NULL AND outcome IN ('applied', 'rolled_back')
                    GROUP BY 1""", true);
            Map<String, String> backfills = tableExists(c, "manor.manor_backfills")
                    ? strings(c, "SELECT migration_id, status || ' rows_done=' || rows_done FROM manor.manor_backfills")
                    : Map.of();
            return new DatabaseState(snapshot.fingerprint(), objects, tables, counters, exactlyOnce, history, events,
                    backfills);
        }
    }

    /** A difference from the reference, with the failure kind it shows. */
    public record Difference(Verdict kind, String what) {
        @Override
        public String toString() {
            return kind.label() + ": " + what;
        }
    }

    /**
     * Every difference from {@code reference}; empty when the trial ended exactly like it. After a rollback
     * a counter below the reference means a down ran twice (downs subtract), so its direction flips.
     */
    public List<Difference> differencesFrom(DatabaseState reference, boolean rollback) {
        List<Difference> out = new ArrayList<>();
        compareCounts(out, "counter", counters, reference.counters, k -> rollback);
        compareCounts(out, "", exactlyOnce, reference.exactlyOnce, k -> k.endsWith(" IS NULL"));
        compareCounts(out, "history event", historyEvents, reference.historyEvents, k -> false);
        for (String id : union(history.keySet(), reference.history.keySet())) {
            String mine = history.get(id);
            String theirs = reference.history.get(id);
            if (!java.util.Objects.equals(mine, theirs)) {
                Verdict kind = "failed".equals(mine) || "running".equals(mine) ? Verdict.NEEDS_REPAIR
                        : mine == null || "rolled_back".equals(mine) && "applied".equals(theirs)
                        || "applied".equals(mine) && "rolled_back".equals(theirs) ? Verdict.LOST : Verdict.OTHER;
                out.add(new Difference(kind, "history of " + id + " is " + mine + " (reference " + theirs + ")"));
            }
        }
        for (String id : union(backfills.keySet(), reference.backfills.keySet())) {
            String mine = backfills.get(id);
            String theirs = reference.backfills.get(id);
            if (!java.util.Objects.equals(mine, theirs)) {
                Verdict kind = mine == null || !mine.startsWith("done") ? Verdict.LOST
                        : rowsDone(mine) > rowsDone(theirs) ? Verdict.DUPLICATED : Verdict.OTHER;
                out.add(new Difference(kind, "backfill of " + id + " is " + mine + " (reference " + theirs + ")"));
            }
        }
        for (String key : union(schemaObjects.keySet(), reference.schemaObjects.keySet())) {
            String mine = schemaObjects.get(key);
            String theirs = reference.schemaObjects.get(key);
            if (mine == null) {
                out.add(new Difference(Verdict.LOST, "schema: " + key + " is missing"));
            } else if (theirs == null) {
                out.add(new Difference(Verdict.OTHER, "schema: " + key + " is extra: " + mine));
            } else if (!mine.equals(theirs)) {
                out.add(new Difference(Verdict.OTHER, "schema: " + key + " is " + mine + " (reference " + theirs + ")"));
            }
        }
        if (out.isEmpty() && !fingerprint.equals(reference.fingerprint)) {
            out.add(new Difference(Verdict.OTHER, "schema fingerprint differs"));
        }
        for (String table : union(tables.keySet(), reference.tables.keySet())) {
            TableChecksum mine = tables.get(table);
            TableChecksum theirs = reference.tables.get(table);
            if (!java.util.Objects.equals(mine, theirs)) {
                Verdict kind = mine == null ? Verdict.LOST : theirs == null ? Verdict.OTHER
                        : mine.rows() < theirs.rows() ? Verdict.LOST
                        : mine.rows() > theirs.rows() ? Verdict.DUPLICATED : Verdict.OTHER;
                out.add(new Difference(kind, "rows of " + table + ": " + mine + " (reference " + theirs + ")"));
            }
        }
        return out;
    }

    /**
     * Counts above the reference are duplicated, below are lost; for keys where {@code lowerIsMore} holds the
     * other way round (NULLs a lost batch leaves; counters after a rollback, whose downs subtract).
     */
    private static void compareCounts(List<Difference> out, String what, Map<String, Long> mine,
                                      Map<String, Long> reference, java.util.function.Predicate<String> lowerIsMore) {
        for (String key : union(mine.keySet(), reference.keySet())) {
            long a = mine.getOrDefault(key, 0L);
            long b = reference.getOrDefault(key, 0L);
            if (a != b) {
                boolean more = lowerIsMore.test(key) ? a < b : a > b;
                out.add(new Difference(more ? Verdict.DUPLICATED : Verdict.LOST,
                        (what.isEmpty() ? "" : what + " ") + key + " = " + a + " (reference " + b + ")"));
            }
        }
    }

    private static long rowsDone(String backfill) {
        if (backfill == null) {
            return 0;
        }
        return Long.parseLong(backfill.substring(backfill.indexOf("rows_done=") + "rows_done=".length()));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('" + name + "')")) {
            return rs.next() && rs.getString(1) != null;
        }
    }

    private static Map<String, Long> longs(Connection c, String sql, boolean tolerateMissing) throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            if (!tolerateMissing || !"42P01".equals(e.getSQLState())) {
                throw e;
            }
        }
        return m;
    }

    private static Map<String, String> strings(Connection c, String sql) throws SQLException {
        Map<String, String> m = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }
}
