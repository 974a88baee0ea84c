package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** DROP INDEX takes ACCESS EXCLUSIVE on the table; it is quick but queues behind and in front of all traffic. */
public final class DropIndexNonConcurrent implements Rule {
    @Override
    public String id() {
        return "drop-index-non-concurrent";
    }

    @Override
    public String summary() {
        return "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table";
    }

    @Override
    public List<Finding> check(RuleContext ctx) {
        var sql = ctx.sql();
        if (!sql.startsWith("DROP INDEX") || sql.has("CONCURRENTLY")) {
            return List.of();
        }
        return List.of(Finding.warning(id(), "DROP INDEX " + sql.nameAfter("INDEX")
                        + " takes ACCESS EXCLUSIVE on its table; queries that relied on it slow down",
                "-- in its own migration with -- manor:no-transaction:\n" + sql.withConcurrentlyAfter(1) + ";"));
    }
}
