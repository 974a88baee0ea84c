package dev.manor.analyze.rules;

import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

/** char(n) pads and varchar(n) limits need an ACCESS EXCLUSIVE change to adjust; text + CHECK does not. */
public final class PreferText extends TypeHygieneRule {
    @Override
    public String id() {
        return "prefer-text";
    }

    @Override
    public String summary() {
        return "char(n)/varchar(n): prefer text with a CHECK on the length, which can change without a rewrite";
    }

    @Override
    protected boolean applies(RuleContext ctx, String column, NormalizedSql type, NormalizedSql constraints) {
        String t = type.text();
        return t.startsWith("VARCHAR (") || t.startsWith("CHARACTER VARYING (")
                || t.equals("CHAR") || t.startsWith("CHAR (") || t.equals("CHARACTER") || t.startsWith("CHARACTER (")
                || t.startsWith("BPCHAR") || t.startsWith("NCHAR");
    }

    @Override
    protected String advice() {
        return "prefer text with a CHECK on the length (changing a varchar limit or char padding later takes ACCESS EXCLUSIVE)";
    }

    @Override
    protected String safeType(String column) {
        String c = RuleContext.quote(column);
        return c + " text CONSTRAINT " + RuleContext.quote(column + "_length") + " CHECK (char_length(" + c + ") <= <n>)";
    }
}
