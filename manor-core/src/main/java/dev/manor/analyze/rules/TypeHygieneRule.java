package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.ArrayList;
import java.util.List;

/** Base for column type advice: looks at CREATE TABLE columns, ADD COLUMN and ALTER COLUMN TYPE. */
abstract class TypeHygieneRule implements Rule {
    @Override
    public final List<Finding> check(RuleContext ctx) {
        NormalizedSql sql = ctx.sql();
        List<Finding> out = new ArrayList<>();
        for (NormalizedSql.ColumnDef c : sql.columnDefs()) {
            if (!c.type().isEmpty() && applies(ctx, c.name(), c.type(), c.constraints())) {
                out.add(finding(c.name(), c.type()));
            }
        }
        sql.alterTable().ifPresent(at -> at.actions().forEach(a -> {
            NormalizedSql type = a.newType();
            if (type != null && !type.isEmpty() && applies(ctx, a.alteredColumn(), type, a)) {
                out.add(finding(a.alteredColumn(), type));
            }
        }));
        return out;
    }

    private Finding finding(String column, NormalizedSql type) {
        return Finding.warning(id(), "column " + column + " uses " + type.sqlText() + ": " + advice(), safeType(column));
    }

    /** True when the column's type (tokens, upper-case) deserves the advice. */
    protected abstract boolean applies(RuleContext ctx, String column, NormalizedSql type, NormalizedSql constraints);

    protected abstract String advice();

    protected abstract String safeType(String column);

    protected static String first(NormalizedSql type) {
        return type.tokens().get(0).text();
    }
}
