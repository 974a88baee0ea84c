package dev.manor.analyze.rules;

import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

/** json keeps the text and cannot be indexed or compared; jsonb can. Converting later rewrites the table. */
public final class PreferJsonb extends TypeHygieneRule {
    @Override
    public String id() {
        return "prefer-jsonb";
    }

    @Override
    public String summary() {
        return "json: prefer jsonb (indexable, comparable; converting later rewrites the table)";
    }

    @Override
    protected boolean applies(RuleContext ctx, String column, NormalizedSql type, NormalizedSql constraints) {
        return first(type).equals("JSON");
    }

    @Override
    protected String advice() {
        return "prefer jsonb (json cannot be indexed or compared with =; converting later rewrites the table)";
    }

    @Override
    protected String safeType(String column) {
        return RuleContext.quote(column) + " jsonb";
    }
}
