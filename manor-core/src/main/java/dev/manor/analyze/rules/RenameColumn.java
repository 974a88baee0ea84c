package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** RENAME COLUMN is instant, but the running app still uses the old name and breaks. */
public final class RenameColumn extends AlterTableRule {
    @Override
    public String id() {
        return "rename-column";
    }

    @Override
    public String summary() {
        return "RENAME COLUMN breaks the running app, which still uses the old name (except the _deprecated_ step)";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        if (!action.startsWith("RENAME") || action.startsWith("RENAME TO") || action.startsWith("RENAME CONSTRAINT")) {
            return List.of();
        }
        int from = action.tokens().get(1).is("COLUMN") ? 2 : 1;
        String old = action.nameAt(from);
        String renamed = action.nameAt(action.indexOf("TO", from) + 1);
        if (Deprecation.isDeprecated(renamed)) {
            return List.of(Finding.info(id(), "deprecating " + table + "." + old + " as " + renamed
                    + ": make sure no deployed app version uses " + old + " any more", null));
        }
        String t = q(table);
        return List.of(Finding.error(id(), "renaming " + table + "." + old + " to " + renamed
                        + " breaks the running app, which still reads and writes " + old,
                "-- expand/contract:\nALTER TABLE " + t + " ADD COLUMN " + q(renamed) + " <type>;\n"
                        + "-- trigger keeps " + old + " and " + renamed + " in sync; backfill in batches; switch the app to " + renamed + ";\n"
                        + "-- then deprecate the old column:\nALTER TABLE " + t + " RENAME COLUMN " + q(old) + " TO "
                        + q(Deprecation.PREFIX + old) + ";"));
    }
}
