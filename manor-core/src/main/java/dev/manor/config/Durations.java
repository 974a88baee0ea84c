package dev.manor.config;

import dev.manor.ManorException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people write them in config and flags: 500ms, 2s, 5min, 1h, 30d. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|min|m|h|d)?");

    private Durations() {
    }

    public static Duration parse(String text, String what) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text.trim().toLowerCase());
        if (!m.matches()) {
            throw new ManorException(what + ": '" + text + "' is not a duration (write e.g. 500ms, 2s, 5min, 1h, 30d)");
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        try {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "min", "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            d.toMillis(); // overflows here for absurd values, not later in whoever uses it
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ManorException(what + ": '" + text + "' is not a duration (too large)");
        }
    }

    /** The shortest exact form: 500ms, 2s, 5min. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0 && ms >= 1000) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
