package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** CREATE/DROP INDEX, REINDEX and DETACH ... CONCURRENTLY fail inside a transaction block. */
public final class ConcurrentlyInTransaction implements Rule {
    public static final String DIRECTIVE = "-- manor:no-transaction";

    @Override
    public String id() {
        return "concurrently-in-transaction";
    }

    @Override
    public String summary() {
        return "CONCURRENTLY cannot run inside a transaction block: the migration needs -- manor:no-transaction";
    }

    @Override
    public List<Finding> check(RuleContext ctx) {
        var sql = ctx.sql();
        if (!sql.has("CONCURRENTLY") || sql.startsWith("REFRESH") || !ctx.migration().transactional()) {
            return List.of();
        }
        return List.of(Finding.error(id(), "CONCURRENTLY fails inside a transaction block, and Manor runs this migration in one",
                "-- put the statement in its own migration file whose first line is:\n" + DIRECTIVE));
    }
}
