package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** ADD COLUMN ... NOT NULL without a default: fails on a filled table, and the old app's INSERTs break. */
public final class AddColumnNotNullWithoutDefault extends AlterTableRule {
    @Override
    public String id() {
        return "add-column-not-null-without-default";
    }

    @Override
    public String summary() {
        return "ADD COLUMN NOT NULL without a default fails on a non-empty table and breaks the old app's INSERTs";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        var column = action.addedColumn();
        if (column.isEmpty()) {
            return List.of();
        }
        NormalizedSql rest = column.get().constraints();
        boolean filled = rest.has("DEFAULT") || rest.has("GENERATED") || AddColumnVolatileDefault.isVolatile(column.get());
        if (!rest.has("NOT NULL") && !rest.has("PRIMARY KEY") || filled) {
            return List.of();
        }
        String t = q(table);
        String c = q(column.get().name());
        return List.of(Finding.error(id(), "column " + column.get().name() + " is added NOT NULL without a default: "
                        + "fails if " + table + " has rows, and INSERTs of the running app (which omit it) fail",
                "ALTER TABLE " + t + " ADD COLUMN " + c + " " + column.get().type().sqlText() + ";\n"
                        + "-- app writes it; backfill in batches; then in later migrations:\n"
                        + "ALTER TABLE " + t + " ADD CONSTRAINT " + q(RuleContext.base(table) + "_" + column.get().name() + "_not_null")
                        + " CHECK (" + c + " IS NOT NULL) NOT VALID;\n"
                        + "ALTER TABLE " + t + " VALIDATE CONSTRAINT " + q(RuleContext.base(table) + "_" + column.get().name() + "_not_null") + ";\n"
                        + "ALTER TABLE " + t + " ALTER COLUMN " + c + " SET NOT NULL;"));
    }
}
