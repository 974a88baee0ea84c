package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;
import java.util.Set;

/** ADD COLUMN whose default must be computed per row: the table is rewritten under ACCESS EXCLUSIVE. */
public final class AddColumnVolatileDefault extends AlterTableRule {
    static final Set<String> VOLATILE = Set.of("RANDOM", "CLOCK_TIMESTAMP", "TIMEOFDAY", "GEN_RANDOM_UUID",
            "UUID_GENERATE_V1", "UUID_GENERATE_V1MC", "UUID_GENERATE_V4", "UUIDV7", "UUIDV4", "NEXTVAL", "TXID_CURRENT");
    static final Set<String> SERIALS = Set.of("SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL4", "SERIAL8", "SERIAL2");

    @Override
    public String id() {
        return "add-column-volatile-default";
    }

    @Override
    public String summary() {
        return "ADD COLUMN with a volatile default, serial, identity or stored generated column rewrites the table under ACCESS EXCLUSIVE";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        var column = action.addedColumn();
        if (column.isEmpty()) {
            return List.of();
        }
        boolean volatileText = isVolatile(column.get());
        String projectFunction = volatileText ? null : volatileProjectFunction(ctx, column.get());
        volatileText |= projectFunction != null;
        boolean rewrite = ctx.observed() ? ctx.facts().rewrote(table) && (volatileText || actionCount == 1) : volatileText;
        if (!rewrite) {
            String unknown = ctx.observed() ? null : unknownFunction(ctx, column.get());
            return unknown == null ? List.of() : List.of(Finding.warning(id(), "adding " + column.get().name()
                    + " rewrites " + table + " if " + unknown + "() is volatile, and no migration here creates it,"
                    + " so its volatility is unknown (run observed analysis, which asks the catalog)", null));
        }
        String why = projectFunction != null ? "the default calls " + projectFunction + "(), which a migration creates VOLATILE"
                : "the default is computed per row";
        String c = q(column.get().name());
        String t = q(table);
        return List.of(Finding.error(id(), "adding " + column.get().name() + " rewrites " + table
                        + " under ACCESS EXCLUSIVE (" + basis(ctx) + "): " + why,
                "ALTER TABLE " + t + " ADD COLUMN " + c + " " + column.get().type().sqlText() + ";\n"
                        + "ALTER TABLE " + t + " ALTER COLUMN " + c + " SET DEFAULT <expression>;\n"
                        + "-- then backfill old rows in batches, outside this migration:\n"
                        + "UPDATE " + t + " SET " + c + " = <expression> WHERE ctid IN (SELECT ctid FROM " + t
                        + " WHERE " + c + " IS NULL LIMIT 1000);"));
    }

    /** Functions PostgreSQL ships that are not volatile, the ones defaults commonly call. */
    static final Set<String> NOT_VOLATILE = Set.of("NOW", "MD5", "LOWER", "UPPER", "COALESCE", "CONCAT", "LENGTH",
            "TRIM", "SUBSTRING", "REPLACE", "TO_JSONB", "TO_JSON", "JSONB_BUILD_OBJECT", "JSON_BUILD_OBJECT",
            "JSONB_BUILD_ARRAY", "ARRAY", "ROW", "NULLIF", "GREATEST", "LEAST", "ABS", "ROUND", "FLOOR", "CEIL",
            "TO_CHAR", "TO_TIMESTAMP", "TO_DATE", "DATE_TRUNC", "EXTRACT", "CAST", "TRANSACTION_TIMESTAMP",
            "STATEMENT_TIMESTAMP", "CURRENT_SETTING", "CURRENT_USER", "CURRENT_DATE", "TIMEZONE", "ENCODE", "DECODE",
            "SHA256", "INTERVAL", "MAKE_INTERVAL", "ARRAY_FILL", "LPAD", "RPAD", "FORMAT",
            "VARYING", "VARCHAR", "CHARACTER", "CHAR", "NUMERIC", "DECIMAL", "TIMESTAMP", "TIMESTAMPTZ", "TIME", "BIT");

    private static final Set<String> EXPRESSION_ENDS = Set.of("NOT", "NULL", "PRIMARY", "UNIQUE", "REFERENCES",
            "CHECK", "CONSTRAINT", "GENERATED", "COLLATE", "DEFERRABLE");

    /** The function the default calls that a migration created VOLATILE (explicitly or by default), or null. */
    static String volatileProjectFunction(RuleContext ctx, NormalizedSql.ColumnDef column) {
        for (String name : calledFunctions(column)) {
            if (ctx.schema().function(name).orElse(null) == dev.manor.analyze.ReplayedSchema.Volatility.VOLATILE) {
                return name;
            }
        }
        return null;
    }

    /** A function the default calls that is neither built-in nor created by a migration, or null. */
    static String unknownFunction(RuleContext ctx, NormalizedSql.ColumnDef column) {
        for (String name : calledFunctions(column)) {
            String bare = RuleContext.base(name).toUpperCase(java.util.Locale.ROOT);
            if (!VOLATILE.contains(bare) && !NOT_VOLATILE.contains(bare) && ctx.schema().function(name).isEmpty()) {
                return name;
            }
        }
        return null;
    }

    /** Names followed by "(" in the DEFAULT expression (qualified names as "schema.name"). */
    static java.util.List<String> calledFunctions(NormalizedSql.ColumnDef column) {
        NormalizedSql rest = column.constraints();
        int def = rest.indexOf("DEFAULT", 0);
        java.util.List<String> names = new java.util.ArrayList<>();
        if (def < 0) {
            return names;
        }
        var tokens = rest.tokens();
        int depth = 0;
        for (int i = def + 1; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                depth++;
            } else if (tokens.get(i).is(")")) {
                depth--;
            } else if (depth == 0 && tokens.get(i).kind() == NormalizedSql.Kind.WORD
                    && EXPRESSION_ENDS.contains(tokens.get(i).text())) {
                break; // the next column constraint (CHECK (...), REFERENCES t (...)) is not the default
            }
            if (tokens.get(i).isName() && tokens.get(i + 1).is("(") && !(i > 0 && tokens.get(i - 1).is("::"))) {
                int start = i;
                while (start >= 2 && tokens.get(start - 1).is(".") && tokens.get(start - 2).isName()) {
                    start -= 2;
                }
                names.add(rest.nameAt(start));
            }
        }
        return names;
    }

    static boolean isVolatile(dev.manor.analyze.NormalizedSql.ColumnDef column) {
        NormalizedSql rest = column.constraints();
        if (!column.type().isEmpty() && SERIALS.contains(column.type().tokens().get(0).text())) {
            return true;
        }
        if (rest.has("GENERATED") && (rest.has("STORED") || rest.has("IDENTITY"))) {
            return true;
        }
        int def = rest.indexOf("DEFAULT", 0);
        if (def < 0) {
            return false;
        }
        return rest.tokens().subList(def, rest.tokens().size()).stream().anyMatch(t -> VOLATILE.contains(t.text()));
    }
}
