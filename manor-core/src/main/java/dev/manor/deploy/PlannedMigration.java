package dev.manor.deploy;

import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step of a deploy or rollback plan: which script of which migration, its statements, and
 * (for a resumed no-transaction run) how many of them are already done; {@code interrupted} when the
 * earlier run died (rather than failed), so that statement {@code resumeFrom} may have been running.
 */
public record PlannedMigration(Migration migration, String direction, String file, List<SqlStatement> statements,
                               boolean transactional, int resumeFrom, boolean interrupted) {
    public static final String UP = "up";
    public static final String DOWN = "down";

    public PlannedMigration(Migration migration, String direction, String file, List<SqlStatement> statements,
                            boolean transactional, int resumeFrom) {
        this(migration, direction, file, statements, transactional, resumeFrom, false);
    }

    /** The script's {@code -- manor:lock-timeout}, or null to use the configured lock_timeout. */
    public Duration lockTimeout() {
        Optional<Duration> own = DOWN.equals(direction) ? migration.downLockTimeout() : migration.lockTimeout();
        return own.orElse(null);
    }

    public List<SqlStatement> remaining() {
        return statements.subList(resumeFrom, statements.size());
    }
}
