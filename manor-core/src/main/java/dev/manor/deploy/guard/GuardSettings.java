package dev.manor.deploy.guard;

import java.time.Duration;

/**
 * When the traffic guard cancels a migration.
 *
 * @param threshold how long other sessions may stay blocked behind the migration; zero disables the guard
 * @param interval  how often the guard samples pg_locks and pg_stat_activity
 */
public record GuardSettings(Duration threshold, Duration interval) {
    /**
     * 1 s: a request blocked that long is already a visible stall for a user and typical HTTP/pool timeouts
     * (2-5 s) are not yet reached, so cancelling then turns an outage into a retryable deploy failure. It is
     * twice the default lock_timeout, so a migration merely queued for its lock is stopped by lock_timeout first.
     */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    public static final GuardSettings DEFAULT = new GuardSettings(DEFAULT_THRESHOLD, DEFAULT_INTERVAL);
    public static final GuardSettings DISABLED = new GuardSettings(Duration.ZERO, DEFAULT_INTERVAL);

    public GuardSettings {
        threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
        interval = interval == null || interval.isZero() || interval.isNegative() ? DEFAULT_INTERVAL : interval;
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("traffic guard threshold must not be negative: " + threshold);
        }
    }

    public boolean enabled() {
        return !threshold.isZero();
    }
}
