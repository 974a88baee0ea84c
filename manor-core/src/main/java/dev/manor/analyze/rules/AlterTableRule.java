package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.ArrayList;
import java.util.List;

/** Base for rules about ALTER TABLE actions; tables created in the same migration are exempt by default. */
abstract class AlterTableRule implements Rule {
    @Override
    public final List<Finding> check(RuleContext ctx) {
        List<Finding> out = new ArrayList<>();
        ctx.sql().alterTable().ifPresent(at -> {
            if (exemptNewTables() && ctx.createdInMigration(at.table())) {
                return;
            }
            for (NormalizedSql action : at.actions()) {
                out.addAll(checkAction(ctx, at.table(), action, at.actions().size()));
            }
        });
        return out;
    }

    /** True when a table no one can see yet (created earlier in this migration) cannot hurt traffic. */
    protected boolean exemptNewTables() {
        return true;
    }

    protected abstract List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount);

    protected static String q(String name) {
        return RuleContext.quote(name);
    }

    /** "observed" or "assumed (no observation)", for messages. */
    protected static String basis(RuleContext ctx) {
        return ctx.observed() ? "observed" : "assumed without observation";
    }
}
