package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** VALIDATE in the same transaction as the ADD ... NOT VALID: the ADD's strong lock is held through the scan. */
public final class ValidateInSameTransaction extends AlterTableRule {
    @Override
    public String id() {
        return "validate-in-same-transaction";
    }

    @Override
    public String summary() {
        return "VALIDATE CONSTRAINT in the same transaction as its ADD ... NOT VALID keeps the strong lock through the scan";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        if (!action.startsWith("VALIDATE CONSTRAINT") || !ctx.migration().transactional()) {
            return List.of();
        }
        String name = action.nameAt(2);
        boolean addedHere = ctx.earlier().stream().anyMatch(s -> s.alterTable()
                .filter(at -> RuleContext.sameName(at.table(), table))
                .map(at -> at.actions().stream().anyMatch(a -> a.startsWith("ADD CONSTRAINT") && a.has("NOT VALID")
                        && name != null && name.equals(a.nameAt(2))))
                .orElse(false));
        if (!addedHere) {
            return List.of();
        }
        return List.of(Finding.error(id(), "VALIDATE CONSTRAINT " + name + " runs in the transaction that added it: the ADD's "
                        + "lock on " + table + " is held while every row is checked",
                "-- move this statement into the next migration:\nALTER TABLE " + q(table) + " VALIDATE CONSTRAINT " + q(name) + ";"));
    }
}
