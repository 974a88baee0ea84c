package dev.manor.migration;

/**
 * One statement of a migration file, as the splitter cut it: the text without its terminating
 * semicolon, and the 1-based line on which it starts.
 */
public record SqlStatement(String sql, int line) {
    /** The first line of the statement, shortened, for messages. */
    public String summary() {
        String first = sql.strip().lines().findFirst().orElse("");
        return first.length() > 80 ? first.substring(0, 77) + "..." : first;
    }
}
