package dev.manor.analyze;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the migrations before a statement tell about the schema, replayed from their text: each column's
 * type and nullability, the CHECK (col IS NOT NULL) constraints, and the volatility of the functions they
 * create. Rules consult it before firing, so that a statement is judged against what is there. It knows
 * only what the migrations say: a table made outside them is unknown (and rules then assume as before).
 */
public final class ReplayedSchema {
    /** A function's declared volatility (PostgreSQL's default is VOLATILE). */
    public enum Volatility { IMMUTABLE, STABLE, VOLATILE }

    /** A column as the migrations left it: its type (canonical text) and whether it is NOT NULL. */
    public record Column(String type, boolean notNull) {
    }

    private final Map<String, Map<String, Column>> tables = new HashMap<>();
    private final Map<String, String> notNullChecks = new HashMap<>(); // "table.column" -> constraint name
    private final Map<String, Volatility> functions = new HashMap<>();
    /** Tables created by migrations of the deploy being judged: nothing has used them yet. */
    private final Set<String> newTables = new HashSet<>();
    private boolean deploying;

    /**
     * Whether the statements taken in next belong to the deploy being judged (they have not run anywhere the
     * application could use what they create), rather than to migrations already applied.
     */
    public void deploying(boolean deploying) {
        this.deploying = deploying;
    }

    /** True when a migration of the deploy being judged created the table (and none dropped it since). */
    public boolean createdInDeploy(String table) {
        return table != null && newTables.contains(RuleContext.base(table));
    }

    /** The column, if the migrations created it. Names as written; the schema is ignored. */
    public Optional<Column> column(String table, String column) {
        Map<String, Column> columns = tables.get(RuleContext.base(table));
        return columns == null || column == null ? Optional.empty() : Optional.ofNullable(columns.get(column));
    }

    /** The name of a CHECK (column IS NOT NULL) the migrations added on the table, if any. */
    public Optional<String> notNullCheck(String table, String column) {
        return Optional.ofNullable(notNullChecks.get(RuleContext.base(table) + "." + column));
    }

    /** The volatility of a function the migrations created (by unqualified, lower-case name). */
    public Optional<Volatility> function(String name) {
        return Optional.ofNullable(functions.get(RuleContext.base(name)));
    }

    /** Takes in one migration's statements, in order. */
    public void apply(List<NormalizedSql> statements) {
        statements.forEach(this::apply);
    }

    /** Takes in one statement; what it cannot read it ignores. */
    public void apply(NormalizedSql sql) {
        try {
            if (sql.isCreateTable()) {
                createTable(sql);
            } else if (sql.startsWith("ALTER TABLE")) {
                sql.alterTable().ifPresent(at -> at.actions().forEach(a -> alter(RuleContext.base(at.table()), a)));
            } else if (sql.startsWith("DROP TABLE")) {
                tables.remove(RuleContext.base(sql.targetTable()));
                newTables.remove(RuleContext.base(sql.targetTable()));
            } else if (sql.startsWith("CREATE FUNCTION") || sql.startsWith("CREATE OR REPLACE FUNCTION")) {
                String name = sql.nameAfter("FUNCTION");
                if (name != null) {
                    functions.put(RuleContext.base(name), declaredVolatility(sql).orElse(Volatility.VOLATILE));
                }
            } else if (sql.startsWith("ALTER FUNCTION")) {
                String name = sql.nameAfter("FUNCTION");
                declaredVolatility(sql).ifPresent(v -> functions.put(RuleContext.base(name), v));
            } else if (sql.startsWith("DROP FUNCTION")) {
                String name = sql.nameAfter("FUNCTION");
                if (name != null) {
                    functions.remove(RuleContext.base(name));
                }
            }
        } catch (RuntimeException e) {
            // Half-written SQL: the schema stays as it was; rules fall back to assuming.
        }
    }

    private static Optional<Volatility> declaredVolatility(NormalizedSql sql) {
        for (Volatility v : Volatility.values()) {
            if (sql.has(v.name())) {
                return Optional.of(v); // the body is a literal placeholder, so only the declaration matches
            }
        }
        return Optional.empty();
    }

    private void createTable(NormalizedSql sql) {
        String table = RuleContext.base(sql.targetTable());
        Map<String, Column> columns = new HashMap<>();
        for (NormalizedSql.ColumnDef c : sql.columnDefs()) {
            columns.put(c.name(), new Column(canonicalType(c.type()), notNull(c.constraints())));
        }
        // A table-level PRIMARY KEY (a, b) makes its columns NOT NULL.
        int pk = sql.indexOf("PRIMARY KEY (", 0);
        if (pk >= 0) {
            int close = sql.matching(pk + 2);
            for (int i = pk + 3; close > 0 && i < close; i++) {
                if (sql.tokens().get(i).isName()) {
                    String name = NormalizedSql.identName(sql.tokens().get(i));
                    columns.computeIfPresent(name, (k, c) -> new Column(c.type(), true));
                }
            }
        }
        tables.put(table, columns);
        if (deploying) {
            newTables.add(table);
        }
    }

    private void alter(String table, NormalizedSql a) {
        Map<String, Column> columns = tables.get(table);
        Optional<NormalizedSql.ColumnDef> added = a.addedColumn();
        if (added.isPresent()) {
            if (columns != null) {
                columns.put(added.get().name(), new Column(canonicalType(added.get().type()), notNull(added.get().constraints())));
            }
            return;
        }
        if (a.startsWith("ADD CONSTRAINT") && a.has("CHECK") && a.has("IS NOT NULL")) {
            String name = a.nameAt(2);
            int check = a.indexOf("CHECK (", 0);
            String column = check >= 0 ? a.nameAt(check + 2) : null;
            if (name != null && column != null && check + 3 < a.tokens().size() && a.tokens().get(check + 3).is("IS")) {
                notNullChecks.put(table + "." + column, name);
            }
            return;
        }
        if (a.startsWith("DROP CONSTRAINT")) {
            String name = a.nameAfter("CONSTRAINT");
            notNullChecks.values().removeIf(n -> n.equals(name));
            return;
        }
        if (columns == null) {
            return;
        }
        if (a.startsWith("DROP COLUMN") || a.startsWith("DROP") && !a.startsWith("DROP CONSTRAINT")) {
            String column = a.nameAfter(a.has("COLUMN") ? "COLUMN" : "DROP");
            if (column != null) {
                columns.remove(column);
            }
            return;
        }
        if (a.startsWith("RENAME")) {
            int to = a.indexOf("TO", 0);
            String from = a.nameAt(a.has("RENAME COLUMN") ? 2 : 1);
            String target = to >= 0 ? a.nameAt(to + 1) : null;
            if (a.has("RENAME TO") || a.has("RENAME CONSTRAINT")) {
                if (a.has("RENAME TO") && target != null) {
                    tables.put(target, tables.remove(table));
                }
                return;
            }
            if (from != null && target != null && columns.containsKey(from)) {
                columns.put(target, columns.remove(from));
            }
            return;
        }
        String column = a.alteredColumn();
        Column current = column == null ? null : columns.get(column);
        if (current == null) {
            return;
        }
        if (a.has("SET NOT NULL")) {
            columns.put(column, new Column(current.type(), true));
        } else if (a.has("DROP NOT NULL")) {
            columns.put(column, new Column(current.type(), false));
        } else if (a.newType() != null && !a.newType().isEmpty()) {
            columns.put(column, new Column(canonicalType(a.newType()), current.notNull()));
        }
    }

    private static boolean notNull(NormalizedSql constraints) {
        return constraints.has("NOT NULL") || constraints.has("PRIMARY KEY");
    }

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("INT", "INTEGER"), Map.entry("INT4", "INTEGER"), Map.entry("INT8", "BIGINT"),
            Map.entry("INT2", "SMALLINT"), Map.entry("BOOL", "BOOLEAN"), Map.entry("FLOAT8", "DOUBLE PRECISION"),
            Map.entry("FLOAT4", "REAL"), Map.entry("CHARACTER VARYING", "VARCHAR"), Map.entry("DECIMAL", "NUMERIC"),
            Map.entry("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"), Map.entry("TIMETZ", "TIME WITH TIME ZONE"),
            Map.entry("SERIAL", "INTEGER"), Map.entry("SERIAL4", "INTEGER"), Map.entry("BIGSERIAL", "BIGINT"),
            Map.entry("SERIAL8", "BIGINT"), Map.entry("SMALLSERIAL", "SMALLINT"), Map.entry("SERIAL2", "SMALLINT"));

    /** A type's text with PostgreSQL's aliases resolved, so INT and INTEGER compare equal. */
    public static String canonicalType(NormalizedSql type) {
        String text = type.text();
        if (text.startsWith("PG_CATALOG.")) {
            text = text.substring("PG_CATALOG.".length());
        }
        text = text.replace(" WITHOUT TIME ZONE", "");
        for (Map.Entry<String, String> e : ALIASES.entrySet()) {
            if (text.equals(e.getKey()) || text.startsWith(e.getKey() + " ")) {
                text = e.getValue() + text.substring(e.getKey().length());
                break;
            }
        }
        return text;
    }
}
