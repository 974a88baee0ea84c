package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.ArrayList;
import java.util.List;

/** DROP TABLE loses data and breaks any app still using it; the spec's path is deprecate, wait, drop. */
public final class DropTable implements Rule {
    @Override
    public String id() {
        return "drop-table";
    }

    @Override
    public String summary() {
        return "DROP TABLE loses data and breaks the running app unless the table went through the _deprecated_ pattern";
    }

    @Override
    public List<Finding> check(RuleContext ctx) {
        NormalizedSql sql = ctx.sql();
        if (!sql.startsWith("DROP TABLE")) {
            return List.of();
        }
        int from = sql.indexOf("IF EXISTS", 2) == 2 ? 4 : 2;
        int to = sql.tokens().size();
        if (sql.has("CASCADE") || sql.has("RESTRICT")) {
            to--;
        }
        List<Finding> out = new ArrayList<>();
        for (NormalizedSql part : sql.splitTopLevel(from, to)) {
            String table = part.nameAt(0);
            if (table == null || ctx.createdInMigration(table)) {
                continue;
            }
            if (Deprecation.isDeprecated(table)) {
                out.add(Finding.info(id(), "dropping deprecated table " + table
                        + "; the deploy gate checks the safety period; take a backup", null));
            } else {
                String dep = RuleContext.quote(Deprecation.PREFIX + RuleContext.base(table));
                out.add(Finding.error(id(), "dropping table " + table + " loses its data and breaks any app version that still uses it",
                        "-- 1. deploy app code that no longer uses " + table + "\n"
                                + "ALTER TABLE " + RuleContext.quote(table) + " RENAME TO " + dep + ";\n"
                                + "COMMENT ON TABLE " + dep + " IS 'Deprecated on <date>, safe to remove after <date+30d>';\n"
                                + "-- 2. after the safety period, with a backup:\nDROP TABLE " + dep + ";"));
            }
        }
        return out;
    }
}
