package dev.manor.analyze.rules;

import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.Set;

/** int4/serial keys run out at 2^31; widening them later is a full rewrite of the table and its referrers. */
public final class PreferBigintKeys extends TypeHygieneRule {
    private static final Set<String> SMALL = Set.of("INT", "INTEGER", "INT4", "INT2", "SMALLINT", "SERIAL",
            "SERIAL4", "SMALLSERIAL", "SERIAL2");

    @Override
    public String id() {
        return "prefer-bigint-keys";
    }

    @Override
    public String summary() {
        return "int/serial keys overflow at 2^31 and widening them later rewrites the table; use bigint";
    }

    @Override
    protected boolean applies(RuleContext ctx, String column, NormalizedSql type, NormalizedSql constraints) {
        if (!SMALL.contains(first(type))) {
            return false;
        }
        boolean named = column.equals("id") || column.endsWith("_id") || column.endsWith("Id");
        boolean keyed = constraints.has("PRIMARY KEY") || constraints.has("REFERENCES") || primaryKeyColumn(ctx.sql(), column);
        return named || keyed;
    }

    private static boolean primaryKeyColumn(NormalizedSql sql, String column) {
        for (int at = sql.indexOf("PRIMARY KEY (", 0); at >= 0; at = sql.indexOf("PRIMARY KEY (", at + 1)) {
            int close = sql.matching(at + 2);
            for (int i = at + 3; i < close; i++) {
                if (sql.tokens().get(i).isName() && NormalizedSql.identName(sql.tokens().get(i)).equals(column)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    protected String advice() {
        return "key columns should be bigint (int overflows at 2^31; widening later is a rewrite)";
    }

    @Override
    protected String safeType(String column) {
        return RuleContext.quote(column) + " bigint GENERATED ALWAYS AS IDENTITY  -- or bigint for a referencing column";
    }
}
