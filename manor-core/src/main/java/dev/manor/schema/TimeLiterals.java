package dev.manor.schema;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL folds {@code 'now'} (and {@code 'today'}, {@code CURRENT_DATE} in some casts) into a literal when a
 * view or default is created: two builds of the same migrations then differ only by when they ran. Two
 * definitions that differ only in timestamp or date literals that all lie within a day of the comparison are
 * taken as the same definition; a literal written by hand (a fixed date long ago) still counts.
 */
final class TimeLiterals {
    private static final Pattern LITERAL = Pattern.compile(
            "'(\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{2}:\\d{2}:\\d{2})(?:\\.\\d+)?)?(?:[+-]\\d{2}(?::?\\d{2})?)?'");
    private static final long WINDOW_HOURS = 36;

    private TimeLiterals() {
    }

    /** True when the texts differ, and only in literals that are all recent times. */
    static boolean differOnlyInRecentTimes(String a, String b) {
        if (a == null || b == null || a.equals(b)) {
            return false;
        }
        List<String> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        if (!LITERAL.matcher(a).replaceAll("'?'").equals(LITERAL.matcher(b).replaceAll("'?'"))) {
            return false;
        }
        collect(a, x);
        collect(b, y);
        if (x.size() != y.size()) {
            return false;
        }
        LocalDateTime now = LocalDateTime.now(java.time.ZoneOffset.UTC);
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).equals(y.get(i)) && !(recent(x.get(i), now) && recent(y.get(i), now))) {
                return false;
            }
        }
        return true;
    }

    private static void collect(String text, List<String> out) {
        Matcher m = LITERAL.matcher(text);
        while (m.find()) {
            out.add(m.group(1) + "T" + (m.group(2) == null ? "00:00:00" : m.group(2)));
        }
    }

    /** Within the window of now, whatever the server's time zone. */
    private static boolean recent(String literal, LocalDateTime now) {
        try {
            LocalDateTime t = LocalDateTime.parse(literal, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            return Math.abs(ChronoUnit.HOURS.between(t, now)) <= WINDOW_HOURS;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
