package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** CREATE INDEX without CONCURRENTLY holds SHARE on the table: writes are blocked for the whole build. */
public final class CreateIndexNonConcurrent implements Rule {
    @Override
    public String id() {
        return "create-index-non-concurrent";
    }

    @Override
    public String summary() {
        return "CREATE INDEX without CONCURRENTLY blocks writes (SHARE lock) for the whole build";
    }

    @Override
    public List<Finding> check(RuleContext ctx) {
        var sql = ctx.sql();
        if (!sql.isCreateIndex() || sql.has("CONCURRENTLY")) {
            return List.of();
        }
        String table = sql.targetTable();
        if (ctx.createdInMigration(table)) {
            return List.of();
        }
        return List.of(Finding.error(id(), "CREATE INDEX on " + table + " blocks writes (SHARE lock) for the whole build",
                "-- in its own migration with -- manor:no-transaction:\n" + sql.withConcurrentlyAfter(sql.indexOf("INDEX", 0)) + ";"));
    }
}
