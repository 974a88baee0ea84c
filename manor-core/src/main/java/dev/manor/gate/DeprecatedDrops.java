package dev.manor.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds drops of deprecated objects in a statement by simple text match: {@code ALTER TABLE t DROP [COLUMN]
 * "_deprecated_x"} and {@code DROP TABLE "_deprecated_x"}. Deprecated means renamed to {@code _deprecated_<name>},
 * the spec's pattern for a breaking change's safety period.
 */
final class DeprecatedDrops {
    static final String PREFIX = "_deprecated_";
    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final String QUALIFIED = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
    private static final Pattern ALTER_TABLE = Pattern.compile(
            "\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(" + QUALIFIED + ")", Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP_COLUMN = Pattern.compile(
            "\\bDROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(" + IDENT + ")", Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP_TABLE = Pattern.compile(
            "\\bDROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?((?:" + QUALIFIED + ")(?:\\s*,\\s*" + QUALIFIED + ")*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ONE_QUALIFIED = Pattern.compile(QUALIFIED);
    private static final Pattern LAST_IDENT = Pattern.compile("(" + IDENT + ")\\s*$");

    /**
     * A deprecated object a statement drops.
     *
     * @param table  the table as written in SQL (for to_regclass), e.g. {@code "User"} or {@code app."User"}
     * @param column the column's real name, or null when the table itself is dropped
     */
    record Drop(String table, String column) {
        String describe() {
            return column == null ? "table " + table : "column " + table + ".\"" + column + "\"";
        }
    }

    private DeprecatedDrops() {
    }

    static List<Drop> in(String sql) {
        String text = sql.replaceAll("--[^\\n]*", " ");
        List<Drop> out = new ArrayList<>();
        Matcher alter = ALTER_TABLE.matcher(text);
        if (alter.find()) {
            Matcher col = DROP_COLUMN.matcher(text);
            col.region(alter.end(), text.length());
            while (col.find()) {
                String name = unquote(col.group(1));
                if (name.startsWith(PREFIX)) {
                    out.add(new Drop(alter.group(1), name));
                }
            }
            return out;
        }
        Matcher drop = DROP_TABLE.matcher(text);
        if (drop.find()) {
            Matcher each = ONE_QUALIFIED.matcher(drop.group(1));
            while (each.find()) {
                Matcher last = LAST_IDENT.matcher(each.group());
                if (last.find() && unquote(last.group(1)).startsWith(PREFIX)) {
                    out.add(new Drop(each.group(), null));
                }
            }
        }
        return out;
    }

    /** PostgreSQL's rule: quoted names keep their case (with "" for "), unquoted ones fold to lower case. */
    static String unquote(String ident) {
        if (ident.startsWith("\"")) {
            return ident.substring(1, ident.length() - 1).replace("\"\"", "\"");
        }
        return ident.toLowerCase();
    }
}
