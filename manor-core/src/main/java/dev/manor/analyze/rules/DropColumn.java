package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** DROP COLUMN loses data and breaks any app still using it; the spec's path is deprecate, wait, drop. */
public final class DropColumn extends AlterTableRule {
    @Override
    public String id() {
        return "drop-column";
    }

    @Override
    public String summary() {
        return "DROP COLUMN loses data and breaks the running app unless the column went through the _deprecated_ pattern";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        if (!action.startsWith("DROP") || action.tokens().size() < 2 || action.tokens().get(1).is("CONSTRAINT")) {
            return List.of();
        }
        int at = action.tokens().get(1).is("COLUMN") ? 2 : 1;
        if (action.indexOf("IF EXISTS", at) == at) {
            at += 2;
        }
        String column = action.nameAt(at);
        if (Deprecation.isDeprecated(column)) {
            return List.of(Finding.info(id(), "dropping deprecated column " + table + "." + column
                    + "; the deploy gate checks the safety period; take a backup", null));
        }
        return List.of(Finding.error(id(), "dropping " + table + "." + column + " loses its data and breaks any app version that still uses it",
                Deprecation.steps(table, column)));
    }
}
