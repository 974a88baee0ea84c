package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.KnownLocks;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DDL waiting for its lock queues every later query behind it. Manor's executor sets a short
 * lock_timeout itself, so this fires when the migration overrides it with 0 or a long value, or when
 * the file is analysed for running outside Manor and sets none before its first locking statement.
 */
public final class LockTimeoutMissing implements Rule {
    private static final Pattern VALUE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|min|h|d)?");

    @Override
    public String id() {
        return "lock-timeout-missing";
    }

    @Override
    public String summary() {
        return "DDL without a short lock_timeout waits behind long transactions and queues all traffic behind itself";
    }

    @Override
    public List<Finding> check(RuleContext ctx) {
        NormalizedSql sql = ctx.sql();
        Duration max = ctx.settings().maxLockTimeout();
        String safe = "SET lock_timeout = '" + max.toMillis() + "ms';  -- and retry the migration when it times out";
        Duration set = setLockTimeout(sql);
        if (set != null) {
            if (set.isZero()) {
                return List.of(Finding.error(id(), "the migration disables lock_timeout: its DDL may wait forever and block all traffic meanwhile", safe));
            }
            if (set.compareTo(max) > 0) {
                return List.of(Finding.warning(id(), "lock_timeout " + set.toMillis() + " ms is longer than " + max.toMillis()
                        + " ms: traffic queues behind the waiting DDL that long", safe));
            }
            return List.of();
        }
        if (!ctx.settings().outsideManor() || !takesLocks(sql)) {
            return List.of();
        }
        boolean first = ctx.earlier().stream().noneMatch(LockTimeoutMissing::takesLocks);
        boolean covered = ctx.earlier().stream().anyMatch(s -> setLockTimeout(s) != null);
        if (!first || covered) {
            return List.of();
        }
        return List.of(Finding.warning(id(), "no lock_timeout is set before the first locking statement (analysed for running outside Manor)", safe));
    }

    private static boolean takesLocks(NormalizedSql sql) {
        return !KnownLocks.of(sql).isEmpty() && !sql.startsWith("UPDATE") && !sql.startsWith("DELETE");
    }

    /** The value of SET [SESSION|LOCAL] lock_timeout = / TO value, or null when the statement is not one. */
    static Duration setLockTimeout(NormalizedSql sql) {
        if (!sql.startsWith("SET")) {
            return null;
        }
        int at = sql.indexOf("LOCK_TIMEOUT", 1);
        if (at < 0 || at > 2 || at + 2 >= sql.tokens().size()) {
            return null;
        }
        NormalizedSql.Token value = sql.tokens().get(at + 2);
        String raw = switch (value.kind()) {
            case LITERAL -> sql.literal(value);
            case NUMBER -> value.text() + (at + 3 < sql.tokens().size() ? sql.tokens().get(at + 3).text() : "");
            default -> null; // DEFAULT: back to the server's setting, which Manor controls
        };
        if (raw == null) {
            return null;
        }
        Matcher m = VALUE.matcher(raw.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        long ms = (long) switch (unit) {
            case "s" -> n * 1000;
            case "min" -> n * 60_000;
            case "h" -> n * 3_600_000;
            case "d" -> n * 86_400_000;
            default -> n;
        };
        return Duration.ofMillis(ms);
    }
}
