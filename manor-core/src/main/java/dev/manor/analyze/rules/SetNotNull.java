package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;

/**
 * SET NOT NULL scans the whole table under ACCESS EXCLUSIVE, unless (PG12+) a validated
 * CHECK (col IS NOT NULL) proves it. The observed seq_scan counter tells which happened.
 */
public final class SetNotNull extends AlterTableRule {
    @Override
    public String id() {
        return "set-not-null";
    }

    @Override
    public String summary() {
        return "SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL) exists (PG12+)";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        String column = action.alteredColumn();
        if (column == null || !action.has("SET NOT NULL")) {
            return List.of();
        }
        if (ctx.schema().column(table, column).map(c -> c.notNull()).orElse(false)) {
            return List.of(); // already NOT NULL (earlier migrations say so): PostgreSQL does nothing
        }
        boolean scans = ctx.observed() ? ctx.facts().scannedTable(table) : !provenStatically(ctx, table, column);
        if (!scans) {
            String check = ctx.schema().notNullCheck(table, column)
                    .map(name -> "; drop the helper CHECK " + name + " afterwards").orElse("");
            return List.of(Finding.info(id(), "SET NOT NULL on " + table + "." + column + " skips the scan ("
                    + (ctx.observed() ? "observed" : "a CHECK validated earlier in this migration") + "); the brief ACCESS EXCLUSIVE remains"
                    + check, null));
        }
        String t = q(table);
        String c = q(column);
        String check = q(RuleContext.base(table) + "_" + column + "_not_null");
        String why = ctx.major() < 12 ? " (before PostgreSQL 12 the scan cannot be skipped)" : "";
        return List.of(Finding.error(id(), "SET NOT NULL on " + table + "." + column + " scans the whole table under ACCESS EXCLUSIVE ("
                        + basis(ctx) + "): reads and writes wait" + why,
                "ALTER TABLE " + t + " ADD CONSTRAINT " + check + " CHECK (" + c + " IS NOT NULL) NOT VALID;\n"
                        + "-- backfill NULLs in batches, then in a separate migration:\n"
                        + "ALTER TABLE " + t + " VALIDATE CONSTRAINT " + check + ";\n"
                        + "ALTER TABLE " + t + " ALTER COLUMN " + c + " SET NOT NULL;\n"
                        + "ALTER TABLE " + t + " DROP CONSTRAINT " + check + ";"));
    }

    /** Without observation: a CHECK on the table validated (or added valid) earlier in this migration, PG12+. */
    private static boolean provenStatically(RuleContext ctx, String table, String column) {
        if (ctx.major() < 12) {
            return false;
        }
        return ctx.earlier().stream().anyMatch(s -> s.alterTable()
                .filter(at -> RuleContext.sameName(at.table(), table))
                .map(at -> at.actions().stream().anyMatch(a -> a.startsWith("VALIDATE CONSTRAINT")
                        || a.has("CHECK") && a.has("IS NOT NULL") && !a.has("NOT VALID")
                        && a.text().contains(NormalizedSql.of(q(column)).text())))
                .orElse(false));
    }
}
