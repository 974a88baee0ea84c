package dev.manor.gate;

import dev.manor.backup.BackupManifest;
import dev.manor.deploy.PlannedMigration;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * "Always backup before migration": a protected deploy needs a backup of this database, proven by a restore test,
 * newer than {@code backup_max_age}. With {@code takeBackup} (deploy --backup) the gate takes and verifies one first.
 */
public final class BackupGate implements Gate {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

    private final TrackedBackups backups;
    private final Duration maxAge;
    private final Clock clock;
    private final boolean takeBackup;
    private final String environment;

    public BackupGate(TrackedBackups backups, Duration maxAge, Clock clock, boolean takeBackup, String environment) {
        this.backups = backups;
        this.maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
        this.clock = clock;
        this.takeBackup = takeBackup;
        this.environment = environment;
    }

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public String overrideFlag() {
        return "--skip-backup-gate";
    }

    @Override
    public Verdict evaluate(List<PlannedMigration> plan, Connection connection) {
        if (takeBackup && backups.target() != null) {
            BackupManifest taken = backups.backupAndVerify();
            return Verdict.pass("took and verified backup " + taken.dumpFile() + " (" + taken.sizeBytes() + " bytes)");
        }
        return current();
    }

    /** A dry run's verdict: with {@code takeBackup} the real deploy takes one first, so it would pass. */
    public Verdict preview() {
        if (takeBackup && backups.target() != null) {
            return Verdict.pass("a backup will be taken and verified by a restore first");
        }
        return current();
    }

    /** The verdict on the backups already taken, without taking one (also used by the checklist). */
    public Verdict current() {
        if (backups.target() == null) {
            return Verdict.refuse("the backup gate needs the database's JDBC settings to find and take backups, and"
                    + " Manor was given only a DataSource; configure a JDBC URL instead");
        }
        String db = backups.target().database();
        Optional<BackupManifest> latest = backups.service().latestVerified(db);
        String fix = "run 'manor backup --env " + environment + " --verify' or deploy with --backup";
        if (latest.isEmpty()) {
            return Verdict.refuse("no verified backup of " + db + " in " + backups.service().backupsDir() + "; " + fix);
        }
        Duration age = Duration.between(latest.get().createdAt(), clock.instant());
        if (age.compareTo(maxAge) > 0) {
            return Verdict.refuse("the newest verified backup of " + db + " (" + latest.get().dumpFile() + ") is "
                    + Ages.describe(age) + " old, more than backup_max_age " + Ages.describe(maxAge) + "; " + fix);
        }
        return Verdict.pass("verified backup " + latest.get().dumpFile() + ", " + Ages.describe(age) + " old");
    }
}
