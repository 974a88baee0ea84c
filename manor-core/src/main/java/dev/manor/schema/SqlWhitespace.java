package dev.manor.schema;

/**
 * SQL text with the whitespace PostgreSQL ignores taken out, for comparing routine bodies: runs of
 * whitespace become one space between two word characters and disappear elsewhere; string literals,
 * quoted identifiers and nested dollar-quoted strings are kept as written. The routine's own body
 * quote ({@code $function$} in pg_get_functiondef) is code, so whitespace inside it counts as code.
 * A line comment keeps its end of line (what follows it is code again).
 */
public final class SqlWhitespace {
    private static final String BODY_TAG = "$function$";

    private SqlWhitespace() {
    }

    public static String normalize(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        boolean pendingSpace = false;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = true;
                i++;
                continue;
            }
            int end;
            if (sql.startsWith(BODY_TAG, i)) {
                end = i + BODY_TAG.length();
            } else if (c == '\'' || c == '"') {
                end = closingQuote(sql, i, c, c == '\'' && escapeString(sql, i));
            } else if (c == '$') {
                end = dollarQuoted(sql, i);
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                end = nl < 0 ? sql.length() : nl;
                String comment = sql.substring(i, end).strip().replaceAll("\\s+", " ");
                space(out, pendingSpace, comment.charAt(0));
                out.append(comment).append('\n');
                pendingSpace = false;
                i = end;
                continue;
            } else {
                end = i + 1;
            }
            space(out, pendingSpace, c);
            out.append(sql, i, end);
            pendingSpace = false;
            i = end;
        }
        return out.toString();
    }

    /** A space only where it separates two words (or a word and a number): elsewhere it means nothing. */
    private static void space(StringBuilder out, boolean pending, char next) {
        if (pending && out.length() > 0 && word(out.charAt(out.length() - 1)) && word(next)) {
            out.append(' ');
        }
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** E'...' (backslash escapes) rather than a standard string, where a backslash is just a character. */
    private static boolean escapeString(String s, int quote) {
        return quote > 0 && (s.charAt(quote - 1) == 'E' || s.charAt(quote - 1) == 'e')
                && (quote == 1 || !word(s.charAt(quote - 2)));
    }

    private static int closingQuote(String s, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (backslashEscapes && s.charAt(i) == '\\' && i + 1 < s.length()) {
                i += 2; // E'' escapes: an escaped quote does not close the literal
                continue;
            }
            i++;
        }
        return s.length();
    }

    /** The end of a $tag$...$tag$ string starting at i, or i + 1 when the dollar opens none ($1). */
    private static int dollarQuoted(String s, int start) {
        int j = start + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j >= s.length() || s.charAt(j) != '$' || (j > start + 1 && Character.isDigit(s.charAt(start + 1)))) {
            return start + 1;
        }
        String tag = s.substring(start, j + 1);
        int close = s.indexOf(tag, j + 1);
        return close < 0 ? s.length() : close + tag.length();
    }
}
