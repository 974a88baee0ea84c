package dev.manor.migration;

import dev.manor.ManorException;
import dev.manor.config.DidYouMean;
import dev.manor.config.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    /** {@code -- manor:lock-timeout 100ms}: the lock_timeout for this script's statements instead of the configured one. */
    public static final String LOCK_TIMEOUT = "lock-timeout";
    /** {@code -- manor:irreversible because <reason>} in an empty down.sql: the migration deliberately has no undo. */
    public static final String IRREVERSIBLE = "irreversible";
    /** {@code -- manor:plan <plan> step <k>/<n>}: this migration is step k of a change plan. */
    public static final String PLAN = "plan";
    /** {@code -- manor:wait 7d}: the plan's earlier steps must have been applied this long before this one. */
    public static final String WAIT = "wait";
    /** {@code -- manor:confirm <what>}: a person must confirm this ({@code manor confirm}) before this step deploys. */
    public static final String CONFIRM = "confirm";

    /** Every directive Manor reads; any other {@code -- manor:} line is refused, since ignoring a typo changes behaviour. */
    public static final List<String> KNOWN = List.of(NO_TRANSACTION, ALLOW, BACKFILL, EXPECTED_DURATION, LOCK_TIMEOUT,
            IRREVERSIBLE, PLAN, WAIT, CONFIRM);

    /** The name is read generously (any case, underscores) so that a misspelling is caught, not half-matched. */
    private static final Pattern LINE = Pattern.compile("^\\s*--\\s*manor:([A-Za-z_][A-Za-z0-9_-]*)\\s*(.*?)\\s*$");

    /** Every directive in the text, in order. */
    public static List<Directive> parse(String text) {
        if (!mayHold(text)) {
            return List.of(); // most scripts have none: no normalising, splitting and matching line by line
        }
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

    /** False when {@code text} certainly holds no directive (every one contains "manor:"). */
    static boolean mayHold(String text) {
        return text.contains("manor:");
    }

    /**
     * Refuses an unknown directive (naming file:line, with the closest known one) and a lock-timeout or
     * expected-duration whose value is not a duration with a unit.
     */
    public static void validate(String text, String file) {
        if (text == null) {
            return;
        }
        for (Directive d : parse(text)) {
            String where = file + ":" + d.line() + ": manor:" + d.name();
            if (!KNOWN.contains(d.name())) {
                throw new ManorException(file + ":" + d.line() + ": unknown directive 'manor:" + d.name() + "'"
                        + DidYouMean.closest(d.name(), KNOWN).map(k -> " (did you mean 'manor:" + k + "'?)").orElse("")
                        + "; known: " + String.join(", ", KNOWN.stream().map(k -> "manor:" + k).toList()));
            }
            if (d.name().equals(EXPECTED_DURATION) || d.name().equals(WAIT)) {
                Durations.parse(d.argument().isEmpty() ? "(nothing)" : d.argument(), where);
            }
        }
        lockTimeout(text, file);
    }

    /**
     * The script's {@code -- manor:lock-timeout} (the last one wins), or empty when it has none.
     * A value that is not a positive duration is refused with the file and line.
     */
    public static Optional<Duration> lockTimeout(String text, String file) {
        Optional<Duration> found = Optional.empty();
        for (Directive d : parse(text)) {
            if (d.name().equals(LOCK_TIMEOUT)) {
                String what = file + ":" + d.line() + ": manor:" + LOCK_TIMEOUT;
                Duration value = Durations.parse(d.argument(), what);
                if (value.isZero()) {
                    throw new ManorException(what + ": 0 would wait for locks forever; write a positive duration "
                            + "such as 100ms");
                }
                found = Optional.of(value);
            }
        }
        return found;
    }
}
