package dev.manor.config;

import dev.manor.ManorException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as people write them in config and flags: 500ms, 2s, 1m (or 5min), 1h, 30d. A unit is
 * required: a bare {@code 60} once meant 60 ms where the writer meant a minute. Only {@code 0} needs none.
 */
public final class Durations {
    /** The explicit word for "no timeout" where zero means none (lock_timeout refuses a plain 0). */
    public static final String OFF = "off";

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|min|m|h|d)?");
    private static final String EXAMPLES = "500ms, 2s, 1m, 1h, 30d";

    private Durations() {
    }

    public static Duration parse(String text, String what) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text.trim().toLowerCase());
        if (!m.matches()) {
            throw new ManorException(what + ": '" + text + "' is not a duration (write e.g. " + EXAMPLES + ")");
        }
        if (m.group(2) == null && !m.group(1).matches("0+")) {
            throw new ManorException(what + ": '" + text + "' has no unit (write " + m.group(1) + "ms, " + m.group(1)
                    + "s or " + m.group(1) + "m; a bare number is refused so that 60 cannot mean 60 ms)");
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

    /** A duration where zero means "none": {@value #OFF} or any zero duration gives {@link Duration#ZERO}. */
    public static Duration parseOrOff(String text, String what) {
        if (text != null && text.trim().equalsIgnoreCase(OFF)) {
            return Duration.ZERO;
        }
        return parse(text, what);
    }

    /**
     * A lock_timeout: a positive duration, or {@value #OFF} to wait for locks without limit. A zero is
     * refused because PostgreSQL reads it as "off", and an ALTER waiting without limit queues every query
     * on its table behind it.
     */
    public static Duration parseLockTimeout(String text, String what) {
        if (text != null && text.trim().equalsIgnoreCase(OFF)) {
            return Duration.ZERO;
        }
        Duration d = parse(text, what);
        if (d != null && d.isZero()) {
            throw new ManorException(what + ": 0 turns the lock timeout off, so a migration waiting for a lock "
                    + "would queue every query on its table behind it; write a positive duration such as 500ms, "
                    + "or \"" + OFF + "\" if you really mean no limit");
        }
        return d;
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
