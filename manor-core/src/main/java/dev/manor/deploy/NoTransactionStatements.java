package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.migration.SqlStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of a no-transaction script that cannot run in a transaction block, and how a resume
 * recognises whether such a statement, running when an earlier deployer died, took effect. Every other
 * statement runs in a transaction together with its journal step, so it is applied exactly once by
 * construction.
 */
final class NoTransactionStatements {
    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final String QUALIFIED = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
    /** PostgreSQL refuses these inside a transaction block (PreventInTransactionBlock). */
    private static final Pattern OUTSIDE_TRANSACTION = Pattern.compile("(?is)^(?:"
            + "(?:CREATE|DROP)\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b"
            + "|REINDEX\\b.*\\bCONCURRENTLY\\b|REINDEX\\s+(?:\\([^)]*\\)\\s*)?(?:SYSTEM|DATABASE)\\b"
            + "|ALTER\\s+TABLE\\b.*\\bDETACH\\s+PARTITION\\b.*\\bCONCURRENTLY\\b"
            + "|VACUUM\\b|CLUSTER\\s*;?$|(?:CREATE|DROP)\\s+(?:DATABASE|TABLESPACE|SUBSCRIPTION)\\b|ALTER\\s+SYSTEM\\b"
            + "|ALTER\\s+SUBSCRIPTION\\b|CALL\\b).*");
    /** Safe to run again whatever an earlier run did. */
    private static final Pattern REPEATABLE = Pattern.compile("(?is)^(?:VACUUM|ANALYZE|REINDEX|CLUSTER)\\b.*");
    static final Pattern CREATE_CONCURRENTLY = Pattern.compile("(?is)^CREATE\\s+(?<unique>UNIQUE\\s+)?INDEX\\s+"
            + "CONCURRENTLY\\s+(?<ifne>IF\\s+NOT\\s+EXISTS\\s+)?(?:(?!ON\\s)(?<name>" + QUALIFIED + ")\\s+)?"
            + "ON\\s+(?<only>ONLY\\s+)?(?<table>" + QUALIFIED + ")(?<rest>.*)$");
    private static final Pattern DROP_CONCURRENTLY = Pattern.compile("(?is)^DROP\\s+INDEX\\s+CONCURRENTLY\\s+"
            + "(?<ife>IF\\s+EXISTS\\s+)?(?<name>" + QUALIFIED + ")\\s*(?:CASCADE|RESTRICT)?\\s*;?\\s*$");

    private NoTransactionStatements() {
    }

    /** Whether the statement must run in autocommit (it cannot run inside a transaction block). */
    static boolean outsideTransaction(SqlStatement st) {
        return OUTSIDE_TRANSACTION.matcher(st.sql().strip()).matches();
    }

    /** What a resume does with a statement that was running when the earlier deployer died. */
    enum Verdict { DONE, RUN }

    /**
     * Whether the interrupted statement took effect, from the catalog: a CREATE INDEX CONCURRENTLY whose
     * valid index has the same definition is done (an invalid one is dropped and rebuilt); a DROP INDEX
     * CONCURRENTLY whose index is gone is done; VACUUM, ANALYZE, REINDEX and CLUSTER run again. Anything
     * else cannot be known, and Manor refuses with what to check.
     */
    static Verdict settle(Connection c, String file, String migrationId, SqlStatement st, DeployListener listener)
            throws SQLException {
        String sql = st.sql().strip();
        Matcher create = CREATE_CONCURRENTLY.matcher(sql);
        if (create.matches()) {
            return settleCreateIndex(c, file, migrationId, st, create, listener);
        }
        Matcher drop = DROP_CONCURRENTLY.matcher(sql);
        if (drop.matches()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NULL")) {
                ps.setString(1, drop.group("name"));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1) ? Verdict.DONE : Verdict.RUN;
                }
            }
        }
        if (REPEATABLE.matcher(sql).matches()) {
            return Verdict.RUN;
        }
        throw unknowable(file, migrationId, st, "Manor cannot tell from the database whether it took effect");
    }

    private static Verdict settleCreateIndex(Connection c, String file, String migrationId, SqlStatement st,
                                             Matcher create, DeployListener listener) throws SQLException {
        String table = create.group("table");
        String name = create.group("name") == null ? null : unquote(lastPart(create.group("name")));
        Optional<Definition> expected = probe(c, create);
        List<IndexOnTable> indexes = indexes(c, table);
        if (name != null) {
            Optional<IndexOnTable> same = indexes.stream().filter(i -> i.name().equals(name)).findFirst();
            if (same.isEmpty()) {
                return Verdict.RUN;
            }
            IndexOnTable found = same.get();
            if (expected.isPresent() && !expected.get().equals(found.definition())) {
                throw unknowable(file, migrationId, st, "an index " + found.qualified() + " exists with another"
                        + " definition (" + found.indexdef() + ")");
            }
            if (found.valid()) {
                return Verdict.DONE;
            }
            dropInvalid(c, found, listener);
            return Verdict.RUN;
        }
        if (expected.isEmpty()) {
            throw unknowable(file, migrationId, st, "Manor could not work out the definition of this unnamed index");
        }
        Verdict verdict = Verdict.RUN;
        for (IndexOnTable i : indexes) {
            if (i.definition().equals(expected.get())) {
                if (i.valid()) {
                    verdict = Verdict.DONE;
                } else {
                    dropInvalid(c, i, listener);
                }
            }
        }
        return verdict;
    }

    /**
     * Before (re)running a CREATE INDEX CONCURRENTLY: drops the INVALID index an earlier failed or interrupted
     * build of it left, found by name, or for an unnamed one by table and definition (it would otherwise stay,
     * INVALID, forever, while the rerun builds a second one under a new name).
     */
    static void dropInvalidBuild(Connection c, SqlStatement st, DeployListener listener) throws SQLException {
        Matcher create = CREATE_CONCURRENTLY.matcher(st.sql().strip());
        if (!create.matches()) {
            return;
        }
        List<IndexOnTable> invalid = indexes(c, create.group("table")).stream().filter(i -> !i.valid()).toList();
        if (invalid.isEmpty()) {
            return;
        }
        if (create.group("name") != null) {
            String name = unquote(lastPart(create.group("name")));
            for (IndexOnTable i : invalid) {
                if (i.name().equals(name)) {
                    dropInvalid(c, i, listener);
                }
            }
            return;
        }
        Optional<Definition> expected = probe(c, create);
        for (IndexOnTable i : invalid) {
            if (expected.isPresent() && i.definition().equals(expected.get())) {
                dropInvalid(c, i, listener);
            }
        }
    }

    private static void dropInvalid(Connection c, IndexOnTable index, DeployListener listener) throws SQLException {
        listener.notice("dropping INVALID index " + index.qualified() + " left by an interrupted build, then rebuilding it");
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index.qualified());
        }
    }

    private static ManorException unknowable(String file, String migrationId, SqlStatement st, String why) {
        return new ManorException(file + ":" + st.line() + ": '" + st.summary() + "' was running when an earlier"
                + " deployer stopped, and " + why + ". Check it by hand; if it took effect, finish the rest of the"
                + " script by hand and run 'manor resolve --applied " + migrationId + " --ran-by-hand \"<what you"
                + " did>\"'; if not, undo what the script did and run 'manor resolve --rolled-back " + migrationId + "'");
    }

    /** An index's kind and everything after its table in pg_get_indexdef: what makes two indexes the same. */
    record Definition(boolean unique, String body) {
        static Definition of(String indexdef) {
            int using = indexdef.indexOf(" USING ");
            return new Definition(indexdef.startsWith("CREATE UNIQUE"), using < 0 ? indexdef : indexdef.substring(using));
        }
    }

    record IndexOnTable(String name, String qualified, boolean valid, String indexdef) {
        Definition definition() {
            return Definition.of(indexdef);
        }
    }

    private static List<IndexOnTable> indexes(Connection c, String table) throws SQLException {
        List<IndexOnTable> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT ic.relname, format('%I.%I', n.nspname, ic.relname), i.indisvalid, pg_get_indexdef(i.indexrelid)
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
                WHERE i.indrelid = to_regclass(?)""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IndexOnTable(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /**
     * The definition the statement would give, read by building the same index on an empty temporary copy of
     * the table's columns in a transaction that is rolled back (no lock on the real table). Empty when the
     * probe fails (no TEMP privilege, an expression naming the table).
     */
    private static Optional<Definition> probe(Connection c, Matcher create) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE manor_index_probe (LIKE " + create.group("table") + ") ON COMMIT DROP");
            s.execute("CREATE " + (create.group("unique") == null ? "" : "UNIQUE ") + "INDEX manor_index_probe_idx"
                    + " ON manor_index_probe " + create.group("rest").strip().replaceFirst(";\\s*$", ""));
            try (ResultSet rs = s.executeQuery("SELECT pg_get_indexdef('manor_index_probe_idx'::regclass)")) {
                rs.next();
                return Optional.of(Definition.of(rs.getString(1)));
            }
        } catch (SQLException e) {
            return Optional.empty();
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    private static String lastPart(String qualified) {
        Matcher m = Pattern.compile(IDENT + "$").matcher(qualified.strip());
        return m.find() ? m.group() : qualified;
    }

    private static String unquote(String token) {
        return token.startsWith("\"") ? token.substring(1, token.length() - 1).replace("\"\"", "\"")
                : token.toLowerCase();
    }
}
