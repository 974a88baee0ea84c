package dev.manor.deploy.backfill;

import dev.manor.config.Durations;
import dev.manor.migration.Directive;
import dev.manor.migration.MigrationFormatException;
import dev.manor.migration.SqlSplitter;
import dev.manor.migration.SqlStatement;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code backfill.sql}: one {@code UPDATE <table> SET ... [WHERE ...]} and its
 * {@code -- manor:backfill batch=5000 pause=50ms target=200ms rows=existing} settings.
 *
 * @param table  the table as written (quoted identifiers kept), resolved by PostgreSQL's regclass
 * @param set    the SET list
 * @param where  the original condition, or null
 * @param batch  rows per batch (the starting size when adaptive)
 * @param pause  sleep between batches
 * @param target when set, the batch size adapts to keep each batch near this duration
 * @param existingRowsOnly {@code rows=existing}: each run walks the keys up to the highest one present when it
 *               starts, and leaves rows inserted later alone (a sync trigger writes them whole); without it the
 *               walk goes on until no key is left, and under a steady stream of inserts at the end of the key
 *               range a paced backfill may chase them for as long as they come
 */
public record BackfillSpec(String table, String set, String where, int batch, Duration pause, Duration target,
                           boolean existingRowsOnly) {
    public static final int DEFAULT_BATCH = 1000;
    /**
     * Without settings a backfill adapts to keep each batch under 100 ms: a traffic UPDATE that lands in the
     * current range waits for the batch, so this bounds what a backfill adds to the traffic's latency.
     */
    public static final Duration DEFAULT_TARGET = Duration.ofMillis(100);

    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern HEAD = Pattern.compile("(?is)^UPDATE\\s+(?:ONLY\\s+)?(" + IDENT + "(?:\\s*\\.\\s*"
            + IDENT + ")?)\\s+SET\\s+(.*)$");
    private static final Pattern SETTING = Pattern.compile("([a-z]+)=(\\S+)");

    public BackfillSpec {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1");
        }
        pause = pause == null ? Duration.ZERO : pause;
    }

    public boolean adaptive() {
        return target != null;
    }

    public static BackfillSpec parse(String text, String file) {
        List<SqlStatement> statements = SqlSplitter.split(text, file);
        if (statements.size() != 1) {
            throw new MigrationFormatException(file, statements.isEmpty() ? 1 : statements.get(1).line(),
                    "a backfill holds exactly one UPDATE statement (found " + statements.size() + ")");
        }
        SqlStatement st = statements.get(0);
        String sql = stripLeadingComments(st.sql()).strip();
        Matcher m = HEAD.matcher(sql);
        if (!m.matches()) {
            throw new MigrationFormatException(file, st.line(), "a backfill must be 'UPDATE <table> SET ... WHERE ...'"
                    + " (no alias, no WITH)");
        }
        String rest = m.group(2);
        if (hasFromClause(rest) || topLevelKeyword(rest, "RETURNING", 0) >= 0) {
            throw new MigrationFormatException(file, st.line(), "a backfill UPDATE cannot use FROM or RETURNING;"
                    + " use a subquery in SET instead");
        }
        int where = topLevelKeyword(rest, "WHERE", 0);
        String set = (where < 0 ? rest : rest.substring(0, where)).strip();
        String condition = where < 0 ? null : rest.substring(where + "WHERE".length()).strip();
        int batch = DEFAULT_BATCH;
        Duration pause = Duration.ZERO;
        Duration target = null;
        boolean fixedBatch = false;
        boolean existingRowsOnly = false;
        for (Directive d : Directive.parse(text)) {
            if (!d.name().equals(Directive.BACKFILL)) {
                continue;
            }
            Matcher s = SETTING.matcher(d.argument().toLowerCase(Locale.ROOT));
            while (s.find()) {
                String what = file + ":" + d.line() + ": " + s.group(1);
                switch (s.group(1)) {
                    case "batch" -> {
                        batch = positive(s.group(2), what, file, d.line());
                        fixedBatch = true;
                    }
                    case "pause" -> pause = Durations.parse(s.group(2), what);
                    case "target" -> target = Durations.parse(s.group(2), what);
                    case "rows" -> existingRowsOnly = switch (s.group(2)) {
                        case "existing" -> true;
                        case "all" -> false;
                        default -> throw new MigrationFormatException(file, d.line(), what + "=" + s.group(2)
                                + " is not 'existing' or 'all'");
                    };
                    default -> throw new MigrationFormatException(file, d.line(), "unknown backfill setting '"
                            + s.group(1) + "' (use batch=, pause=, target=, rows=)");
                }
            }
        }
        if (target == null && !fixedBatch) {
            target = DEFAULT_TARGET;
        }
        return new BackfillSpec(m.group(1), set, condition, batch, pause, target, existingRowsOnly);
    }

    private static int positive(String value, String what, String file, int line) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new MigrationFormatException(file, line, what + "=" + value + " is not a positive number of rows");
    }

    private static String stripLeadingComments(String sql) {
        String s = sql.stripLeading();
        while (s.startsWith("--")) {
            int nl = s.indexOf('\n');
            s = nl < 0 ? "" : s.substring(nl + 1).stripLeading();
        }
        return s;
    }

    /** A top-level FROM that is not part of {@code IS [NOT] DISTINCT FROM}. */
    private static boolean hasFromClause(String sql) {
        for (int at = topLevelKeyword(sql, "FROM", 0); at >= 0; at = topLevelKeyword(sql, "FROM", at + 4)) {
            if (!sql.substring(0, at).stripTrailing().toUpperCase(Locale.ROOT).endsWith("DISTINCT")) {
                return true;
            }
        }
        return false;
    }

    /** Index of {@code keyword} as a whole word outside parentheses, quotes and strings, from {@code start}; -1 if absent. */
    static int topLevelKeyword(String sql, String keyword, int start) {
        int depth = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int close = sql.indexOf(c, i + 1);
                while (close >= 0 && close + 1 < sql.length() && sql.charAt(close + 1) == c) {
                    close = sql.indexOf(c, close + 2);
                }
                if (close < 0) {
                    return -1;
                }
                i = close;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && i >= start && sql.regionMatches(true, i, keyword, 0, keyword.length())
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')
                    && (i + keyword.length() == sql.length()
                    || !Character.isLetterOrDigit(sql.charAt(i + keyword.length()))
                    && sql.charAt(i + keyword.length()) != '_')) {
                return i;
            }
        }
        return -1;
    }
}
