package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.List;

/** REINDEX, DETACH PARTITION, VACUUM FULL and CLUSTER take strong locks for a long time. */
public final class BlockingMaintenance implements Rule {
    @Override
    public String id() {
        return "blocking-maintenance";
    }

    @Override
    public String summary() {
        return "REINDEX / DETACH PARTITION without CONCURRENTLY, VACUUM FULL and CLUSTER block traffic for their whole run";
    }

    @Override
    public List<Finding> check(RuleContext ctx) {
        var sql = ctx.sql();
        if (sql.startsWith("REINDEX") && !sql.has("CONCURRENTLY")) {
            if (ctx.major() < 12) {
                return List.of(Finding.warning(id(), "REINDEX blocks writes (and reads using the index); PostgreSQL "
                        + ctx.major() + " has no REINDEX CONCURRENTLY", "-- run in a maintenance window, or build a new index CONCURRENTLY and drop the old one"));
            }
            String[] words = sql.sqlText().split(" ", 3);
            return List.of(Finding.error(id(), "REINDEX blocks writes, and reads that use the index, while it rebuilds",
                    words.length < 3 ? null : "-- with -- manor:no-transaction:\nREINDEX " + words[1] + " CONCURRENTLY " + words[2] + ";"));
        }
        if (sql.has("DETACH PARTITION") && !sql.has("CONCURRENTLY") && !sql.has("FINALIZE")) {
            if (ctx.major() < 14) {
                return List.of(Finding.warning(id(), "DETACH PARTITION takes ACCESS EXCLUSIVE on the parent; PostgreSQL "
                        + ctx.major() + " has no DETACH ... CONCURRENTLY", "-- run in a maintenance window"));
            }
            return List.of(Finding.error(id(), "DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table",
                    "-- with -- manor:no-transaction:\n" + sql.sqlText() + " CONCURRENTLY;"));
        }
        if (sql.startsWith("VACUUM") && sql.has("FULL") || sql.startsWith("CLUSTER")) {
            return List.of(Finding.error(id(), (sql.startsWith("CLUSTER") ? "CLUSTER" : "VACUUM FULL")
                            + " rewrites the table under ACCESS EXCLUSIVE: reads and writes wait for the whole run",
                    "-- plain VACUUM (no blocking) or an online repack tool (pg_repack / pg_squeeze) outside the migration"));
        }
        return List.of();
    }
}
