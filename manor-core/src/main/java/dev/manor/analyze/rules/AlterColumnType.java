package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;
import java.util.Set;

/** ALTER COLUMN TYPE rewrites the table and its indexes under ACCESS EXCLUSIVE unless binary-compatible. */
public final class AlterColumnType extends AlterTableRule {
    /** Targets that can be binary-compatible with some source type (varchar widen, varchar->text, ...). */
    private static final Set<String> MAYBE_COMPATIBLE = Set.of("TEXT", "VARCHAR", "CHARACTER", "NUMERIC",
            "DECIMAL", "TIMESTAMPTZ", "TIMESTAMP", "CITEXT");

    @Override
    public String id() {
        return "alter-column-type";
    }

    @Override
    public String summary() {
        return "ALTER COLUMN TYPE rewrites the table and its indexes under ACCESS EXCLUSIVE unless the change is binary-compatible";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        NormalizedSql type = action.newType();
        if (type == null || type.isEmpty()) {
            return List.of();
        }
        String column = action.alteredColumn();
        var current = ctx.schema().column(table, column);
        if (current.isPresent() && !action.has("USING")
                && current.get().type().equals(dev.manor.analyze.ReplayedSchema.canonicalType(type))) {
            return List.of(); // re-declares the type the column already has (earlier migrations say so): no change
        }
        String what = table + "." + column + " to " + type.sqlText();
        if (ctx.observed() && !ctx.facts().rewrote(table)) {
            return List.of(Finding.info(id(), "changing " + what + " did not rewrite " + table
                    + " (observed): binary-compatible, brief ACCESS EXCLUSIVE only", null));
        }
        String safe = "-- expand/contract:\n"
                + "ALTER TABLE " + q(table) + " ADD COLUMN " + q(column + "_new") + " " + type.sqlText() + ";\n"
                + "-- a trigger copies " + column + " into " + column + "_new on INSERT/UPDATE; backfill old rows in batches;\n"
                + "-- switch the app to " + column + "_new; later drop " + column + " via the deprecation pattern.";
        if (ctx.observed()) {
            return List.of(Finding.error(id(), "changing " + what + " rewrites " + table
                    + " and its indexes under ACCESS EXCLUSIVE (observed: " + String.join(", ", ctx.facts().rewritten()) + ")", safe));
        }
        boolean maybe = !action.has("USING") && MAYBE_COMPATIBLE.contains(type.tokens().get(0).text());
        return maybe
                ? List.of(Finding.warning(id(), "changing " + what + " rewrites " + table
                + " under ACCESS EXCLUSIVE unless binary-compatible with the old type (not observed; run observed analysis)", safe))
                : List.of(Finding.error(id(), "changing " + what + " rewrites " + table
                + " and its indexes under ACCESS EXCLUSIVE (assumed without observation)", safe));
    }
}
