package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** TRUNCATE takes ACCESS EXCLUSIVE and removes every row; in a migration that is almost never intended. */
public final class Truncate implements Rule {
    @Override
    public String id() {
        return "truncate";
    }

    @Override
    public String summary() {
        return "TRUNCATE takes ACCESS EXCLUSIVE and deletes every row";
    }

    @Override
    public List<Finding> check(RuleContext ctx) {
        if (!ctx.sql().startsWith("TRUNCATE") || ctx.createdInMigration(ctx.sql().targetTable())) {
            return List.of();
        }
        return List.of(Finding.error(id(), "TRUNCATE " + ctx.sql().targetTable()
                        + " deletes every row under ACCESS EXCLUSIVE; the data is gone",
                "-- take a backup; delete the rows you mean in batches outside the DDL migration:\n"
                        + "DELETE FROM " + RuleContext.quote(ctx.sql().targetTable()) + " WHERE ctid IN (SELECT ctid FROM "
                        + RuleContext.quote(ctx.sql().targetTable()) + " WHERE <condition> LIMIT 1000);"));
    }
}
