package dev.manor.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code -- manor:<name> <argument>} comment line in a migration file, e.g.
 * {@code -- manor:no-transaction} or {@code -- manor:allow set-not-null because table is empty}.
 */
public record Directive(String name, String argument, int line) {
    public static final String NO_TRANSACTION = "no-transaction";
    public static final String ALLOW = "allow";
    public static final String BACKFILL = "backfill";
    public static final String EXPECTED_DURATION = "expected-duration";

    private static final Pattern LINE = Pattern.compile("^\\s*--\\s*manor:([a-z][a-z0-9-]*)\\s*(.*?)\\s*$");

    /** Every directive in the text, in order. */
    public static List<Directive> parse(String text) {
        List<Directive> found = new ArrayList<>();
        String[] lines = Checksums.normalize(text).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE.matcher(lines[i]);
            if (m.matches()) {
                found.add(new Directive(m.group(1), m.group(2), i + 1));
            }
        }
        return List.copyOf(found);
    }
}
