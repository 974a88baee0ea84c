package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** ADD UNIQUE / PRIMARY KEY builds its index under ACCESS EXCLUSIVE unless it adopts one built CONCURRENTLY. */
public final class UniqueWithoutConcurrentIndex extends AlterTableRule {
    @Override
    public String id() {
        return "unique-without-concurrent-index";
    }

    @Override
    public String summary() {
        return "ADD UNIQUE / PRIMARY KEY builds the index under ACCESS EXCLUSIVE; build it CONCURRENTLY and add the constraint USING INDEX";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        if (!action.startsWith("ADD") || action.has("USING INDEX")) {
            return List.of();
        }
        boolean pk = action.has("PRIMARY KEY");
        if (!pk && !action.has("UNIQUE")) {
            return List.of();
        }
        var column = action.addedColumn();
        String kind = pk ? "PRIMARY KEY" : "UNIQUE";
        String name = action.startsWith("ADD CONSTRAINT") ? action.nameAt(2)
                : RuleContext.base(table) + (pk ? "_pkey" : "_" + column.map(c -> c.name()).orElse("key") + "_key");
        String columns = column.map(c -> "(" + q(c.name()) + ")").orElseGet(() -> {
            int open = action.indexOf("(", 0);
            int close = action.matching(open);
            return open < 0 || close < 0 ? "(<columns>)" : action.slice(open, close + 1).sqlText();
        });
        String t = q(table);
        String safe = (column.isPresent() ? "ALTER TABLE " + t + " ADD COLUMN " + q(column.get().name()) + " "
                + column.get().type().sqlText() + ";  -- without " + kind + "; fill it, then:\n" : "")
                + "CREATE UNIQUE INDEX CONCURRENTLY " + q(name) + " ON " + t + " " + columns + ";  -- in a -- manor:no-transaction migration\n"
                + "ALTER TABLE " + t + " ADD CONSTRAINT " + q(name) + " " + kind + " USING INDEX " + q(name) + ";";
        return List.of(Finding.error(id(), "adding " + kind + " to " + table
                + " builds its index while holding ACCESS EXCLUSIVE: reads and writes wait for the whole build", safe));
    }
}
