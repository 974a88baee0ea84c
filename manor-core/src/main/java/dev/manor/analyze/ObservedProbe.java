package dev.manor.analyze;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs a migration's statements on a throwaway database in one transaction that is rolled back, and
 * records per statement the relation locks it took, the relations it rewrote (relfilenode changed) and
 * the tables it scanned sequentially (pg_stat_xact_user_tables.seq_scan rose).
 *
 * <p>Statements that cannot run in a transaction block are not executed; the caller gets null for
 * them and falls back to known facts.
 */
public final class ObservedProbe {
    private static final String USER_RELATIONS = """
            SELECT c.oid, n.nspname || '.' || c.relname, c.relfilenode
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'""";
    private static final String SCANS = "SELECT relid, seq_scan FROM pg_stat_xact_user_tables";
    private static final String LOCKS = """
            SELECT relation, mode FROM pg_locks
            WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted AND database = (
              SELECT oid FROM pg_database WHERE datname = current_database())""";

    private final Duration lockTimeout;
    private final Duration statementTimeout;

    public ObservedProbe(Duration lockTimeout, Duration statementTimeout) {
        this.lockTimeout = lockTimeout;
        this.statementTimeout = statementTimeout;
    }

    public static ObservedProbe defaults() {
        return new ObservedProbe(Duration.ofSeconds(2), Duration.ofMinutes(5));
    }

    /**
     * Observes the statements; element i is null when statement i was not executed.
     *
     * @param runnable tells which statements may run inside a transaction block
     */
    public List<StatementFacts> observe(Connection conn, List<String> statements, Predicate<String> runnable)
            throws SQLException {
        return observe(conn, statements, runnable, null);
    }

    /**
     * As {@link #observe(Connection, List, Predicate)}; with {@code withoutRows} the tables are emptied first
     * inside the same (rolled back) transaction, for statements that fail on the sample rows.
     *
     * @param emptySchemas the schemas whose tables are emptied first, or null to keep the rows
     */
    public List<StatementFacts> observe(Connection conn, List<String> statements, Predicate<String> runnable,
                                        List<String> emptySchemas) throws SQLException {
        boolean autoCommit = conn.getAutoCommit();
        conn.setAutoCommit(false);
        List<StatementFacts> out = new ArrayList<>();
        try (Statement st = conn.createStatement()) {
            st.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
            st.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            if (emptySchemas != null) {
                deleteRows(conn, emptySchemas);
            }
            for (String sql : statements) {
                out.add(runnable.test(sql) ? observeOne(st, sql) : null);
            }
        } finally {
            conn.rollback();
            conn.setAutoCommit(autoCommit);
        }
        return out;
    }

    private StatementFacts observeOne(Statement st, String sql) throws SQLException {
        Map<Long, Relation> before = relations(st);
        Map<Long, Long> scansBefore = scans(st);
        Set<Lock> locksBefore = locks(st);
        st.execute("SAVEPOINT manor_probe");
        long rows = -1;
        String error = null;
        try {
            boolean result = st.execute(sql);
            if (!result) {
                rows = st.getUpdateCount();
            }
        } catch (SQLException e) {
            error = e.getMessage();
        }
        if (error != null) {
            st.execute("ROLLBACK TO SAVEPOINT manor_probe");
            st.execute("RELEASE SAVEPOINT manor_probe");
            return new StatementFacts(true, List.of(), List.of(), List.of(), -1, error);
        }
        Set<Lock> locksAfter = locks(st);
        Map<Long, Relation> after = relations(st);
        Map<Long, Long> scansAfter = scans(st);
        st.execute("RELEASE SAVEPOINT manor_probe");

        List<LockFact> newLocks = new ArrayList<>();
        for (Lock lock : locksAfter) {
            // Locks on relations the statement itself created are harmless; the rest are what traffic feels.
            if (!locksBefore.contains(lock) && before.containsKey(lock.oid)) {
                newLocks.add(new LockFact(before.get(lock.oid).name, lock.mode));
            }
        }
        List<String> rewritten = new ArrayList<>();
        before.forEach((oid, rel) -> {
            Relation now = after.get(oid);
            if (now != null && rel.fileNode != 0 && now.fileNode != rel.fileNode) {
                rewritten.add(rel.name);
            }
        });
        List<String> scanned = new ArrayList<>();
        scansAfter.forEach((oid, count) -> {
            if (count > scansBefore.getOrDefault(oid, 0L) && before.containsKey(oid)) {
                scanned.add(before.get(oid).name);
            }
        });
        newLocks.sort(java.util.Comparator.comparing(LockFact::relation).thenComparing(LockFact::mode));
        rewritten.sort(null);
        scanned.sort(null);
        return new StatementFacts(true, newLocks, rewritten, scanned, rows, null);
    }

    /** Tables of the given schemas, for emptying them. */
    private static final String TABLES = """
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (?)""";

    /**
     * Deletes every row of the tables in {@code schemas}, foreign keys and triggers not firing (replica role),
     * in the connection's current transaction. Needs a role that may set session_replication_role (the
     * shadow's owner usually is).
     */
    public static void deleteRows(Connection conn, List<String> schemas) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (java.sql.PreparedStatement ps = conn.prepareStatement(TABLES)) {
            ps.setArray(1, conn.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        try (Statement st = conn.createStatement()) {
            st.execute("SET LOCAL session_replication_role = replica");
            for (String table : tables) {
                st.execute("DELETE FROM " + table);
            }
            st.execute("SET LOCAL session_replication_role = DEFAULT");
        }
    }

    private record Relation(String name, long fileNode) {
    }

    private record Lock(long oid, String mode) {
    }

    private static Map<Long, Relation> relations(Statement st) throws SQLException {
        Map<Long, Relation> map = new HashMap<>();
        try (ResultSet rs = st.executeQuery(USER_RELATIONS)) {
            while (rs.next()) {
                map.put(rs.getLong(1), new Relation(rs.getString(2), rs.getLong(3)));
            }
        }
        return map;
    }

    private static Map<Long, Long> scans(Statement st) throws SQLException {
        Map<Long, Long> map = new HashMap<>();
        try (ResultSet rs = st.executeQuery(SCANS)) {
            while (rs.next()) {
                map.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return map;
    }

    private static Set<Lock> locks(Statement st) throws SQLException {
        Set<Lock> set = new LinkedHashSet<>();
        try (ResultSet rs = st.executeQuery(LOCKS)) {
            while (rs.next()) {
                set.add(new Lock(rs.getLong(1), rs.getString(2)));
            }
        }
        return set;
    }
}
