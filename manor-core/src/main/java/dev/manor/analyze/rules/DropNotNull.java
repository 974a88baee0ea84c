package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** DROP NOT NULL is instant, but readers that assume the column is never NULL break: breaking in the spec. */
public final class DropNotNull extends AlterTableRule {
    @Override
    public String id() {
        return "drop-not-null";
    }

    @Override
    public String summary() {
        return "DROP NOT NULL lets NULLs reach readers that assume none (breaking change)";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        String column = action.alteredColumn();
        if (column == null || !action.has("DROP NOT NULL")) {
            return List.of();
        }
        return List.of(Finding.warning(id(), "DROP NOT NULL on " + table + "." + column
                        + " is a breaking change: the running app may not handle NULLs",
                "-- expand/contract: deploy app code that tolerates NULL in " + column + " first, then:\n"
                        + "ALTER TABLE " + q(table) + " ALTER COLUMN " + q(column) + " DROP NOT NULL;"));
    }
}
