package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.List;

/**
 * A large UPDATE/DELETE in a migration that also changes structure: every touched row stays locked until
 * the DDL transaction commits, and any ACCESS EXCLUSIVE taken before it is held for the whole backfill.
 */
public final class BackfillInDdlMigration implements Rule {
    @Override
    public String id() {
        return "backfill-in-ddl-migration";
    }

    @Override
    public String summary() {
        return "UPDATE/DELETE of many rows inside a DDL migration holds row locks (and earlier DDL locks) for the whole backfill";
    }

    @Override
    public List<Finding> check(RuleContext ctx) {
        var sql = ctx.sql();
        boolean update = sql.startsWith("UPDATE");
        if (!update && !sql.startsWith("DELETE") || !ctx.migrationHasDdl() || ctx.createdInMigration(sql.targetTable())) {
            return List.of();
        }
        String table = sql.targetTable();
        String t = RuleContext.quote(table == null ? "<table>" : table);
        String safe = "-- in a separate data migration (or job), in throttled batches:\n"
                + (update ? "UPDATE " + t + " SET <...> WHERE ctid IN (SELECT ctid FROM " + t + " WHERE <not yet done> LIMIT "
                        + ctx.settings().batchThreshold() + ");"
                        : "DELETE FROM " + t + " WHERE ctid IN (SELECT ctid FROM " + t + " WHERE <condition> LIMIT "
                        + ctx.settings().batchThreshold() + ");")
                + "  -- repeat until 0 rows";
        String verb = update ? "UPDATE" : "DELETE";
        if (ctx.observed()) {
            long rows = ctx.facts().rows();
            if (rows > ctx.settings().batchThreshold()) {
                return List.of(Finding.error(id(), verb + " of " + table + " touched " + rows + " rows (observed; threshold "
                        + ctx.settings().batchThreshold() + ") inside a DDL migration: rows stay locked until commit", safe));
            }
            return List.of();
        }
        if (!sql.has("WHERE")) {
            return List.of(Finding.warning(id(), verb + " of " + table
                    + " without WHERE inside a DDL migration touches every row (not observed)", safe));
        }
        return List.of();
    }
}
