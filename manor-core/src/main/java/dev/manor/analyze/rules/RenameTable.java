package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** RENAME TO on a table is instant, but the running app still uses the old name and breaks. */
public final class RenameTable extends AlterTableRule {
    @Override
    public String id() {
        return "rename-table";
    }

    @Override
    public String summary() {
        return "ALTER TABLE ... RENAME TO breaks the running app, which still uses the old name (except the _deprecated_ step)";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        if (!action.startsWith("RENAME TO")) {
            return List.of();
        }
        String renamed = action.nameAt(2);
        if (Deprecation.isDeprecated(renamed)) {
            return List.of(Finding.info(id(), "deprecating table " + table + " as " + renamed
                    + ": make sure no deployed app version uses it any more", null));
        }
        return List.of(Finding.error(id(), "renaming table " + table + " to " + renamed + " breaks the running app",
                "ALTER TABLE " + q(table) + " RENAME TO " + q(renamed) + ";\n"
                        + "-- serve the old name alongside the new one until every app version uses " + renamed + ":\n"
                        + "CREATE VIEW " + q(table) + " AS SELECT * FROM " + q(renamed) + ";"));
    }
}
