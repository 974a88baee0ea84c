package dev.manor.analyze.rules;

import dev.manor.analyze.RuleContext;

/** The spec's deprecation pattern: rename to _deprecated_&lt;name&gt;, comment with a date, drop later. */
final class Deprecation {
    static final String PREFIX = "_deprecated_";

    private Deprecation() {
    }

    static boolean isDeprecated(String name) {
        return name != null && RuleContext.base(name).startsWith(PREFIX);
    }

    static String steps(String table, String column) {
        String t = RuleContext.quote(table);
        String old = RuleContext.quote(column);
        String dep = RuleContext.quote(PREFIX + column);
        return "-- 1. deploy app code that no longer reads or writes " + column + "\n"
                + "ALTER TABLE " + t + " RENAME COLUMN " + old + " TO " + dep + ";\n"
                + "COMMENT ON COLUMN " + t + "." + dep + " IS 'Deprecated on <date>, safe to remove after <date+30d>';\n"
                + "-- 2. after the safety period, with a backup:\n"
                + "ALTER TABLE " + t + " DROP COLUMN " + dep + ";";
    }
}
