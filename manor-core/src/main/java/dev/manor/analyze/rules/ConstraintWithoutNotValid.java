package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** ADD CHECK / FOREIGN KEY validates every row while holding ACCESS EXCLUSIVE (CHECK) or SHARE ROW EXCLUSIVE on both tables (FK). */
public final class ConstraintWithoutNotValid extends AlterTableRule {
    @Override
    public String id() {
        return "constraint-without-not-valid";
    }

    @Override
    public String summary() {
        return "ADD CHECK / FOREIGN KEY without NOT VALID scans the table while holding a write-blocking lock";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        if (!action.startsWith("ADD") || action.addedColumn().isPresent() || action.has("NOT VALID")) {
            return List.of();
        }
        boolean fk = action.has("FOREIGN KEY");
        if (!fk && !action.has("CHECK")) {
            return List.of();
        }
        String name = action.startsWith("ADD CONSTRAINT") ? action.nameAt(2) : RuleContext.base(table) + (fk ? "_fkey" : "_check");
        String definition = action.slice(action.indexOf(fk ? "FOREIGN" : "CHECK", 0), action.tokens().size()).sqlText();
        String lock = fk ? "SHARE ROW EXCLUSIVE on both tables" : "ACCESS EXCLUSIVE";
        String scanned = ctx.observed() && !ctx.facts().scanned().isEmpty()
                ? " (observed scan of " + String.join(", ", ctx.facts().scanned()) + ")" : "";
        return List.of(Finding.error(id(), "adding " + (fk ? "FOREIGN KEY " : "CHECK ") + name + " validates every row of "
                        + table + " while holding " + lock + scanned,
                "ALTER TABLE " + q(table) + " ADD CONSTRAINT " + q(name) + " " + definition + " NOT VALID;\n"
                        + "-- in a separate migration (SHARE UPDATE EXCLUSIVE: reads and writes continue):\n"
                        + "ALTER TABLE " + q(table) + " VALIDATE CONSTRAINT " + q(name) + ";"));
    }
}
