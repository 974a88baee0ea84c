package dev.manor.analyze.rules;

import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

/** timestamp without time zone stores wall-clock values whose zone is lost; converting later may rewrite. */
public final class PreferTimestamptz extends TypeHygieneRule {
    @Override
    public String id() {
        return "prefer-timestamptz";
    }

    @Override
    public String summary() {
        return "timestamp without time zone: prefer timestamptz";
    }

    @Override
    protected boolean applies(RuleContext ctx, String column, NormalizedSql type, NormalizedSql constraints) {
        return first(type).equals("TIMESTAMP") && !type.has("WITH TIME ZONE");
    }

    @Override
    protected String advice() {
        return "prefer timestamptz (a timestamp's zone is ambiguous; converting later rewrites unless the session TimeZone is UTC)";
    }

    @Override
    protected String safeType(String column) {
        return RuleContext.quote(column) + " timestamptz";
    }
}
