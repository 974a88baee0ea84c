package dev.manor.gate;

import dev.manor.ManorException;
import dev.manor.backup.BackupManifest;
import dev.manor.backup.BackupService;
import dev.manor.backup.VerificationResult;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.history.Event;
import dev.manor.history.HistoryRecord;
import dev.manor.history.HistoryStatus;
import dev.manor.history.HistoryStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Backups of one environment's database that leave a trace in its deployment log: {@code backup},
 * {@code backup-verify} and {@code restore} events. Verification restores into a scratch database on the same server.
 */
public final class TrackedBackups {
    public static final String BACKUP = "backup";
    public static final String VERIFY = "backup-verify";
    public static final String RESTORE = "restore";

    private final BackupService service;
    private final ConnectionSettings target;
    private final List<String> schemas;
    private final HistoryStore history;

    public TrackedBackups(BackupService service, ConnectionSettings target, List<String> schemas, HistoryStore history) {
        this.service = service;
        this.target = target;
        this.schemas = List.copyOf(schemas);
        this.history = history;
    }

    public BackupService service() {
        return service;
    }

    public ConnectionSettings target() {
        return target;
    }

    /** Dumps the database; records the latest applied migration in the manifest and a backup event. */
    public BackupManifest backup() {
        // From the history alone: a backup must not depend on the migration files being at hand.
        Optional<String> latest = inHistory(c -> history.records(c).stream()
                .filter(r -> r.status() == HistoryStatus.APPLIED).map(HistoryRecord::id).max(Comparator.naturalOrder()));
        BackupManifest m;
        try {
            m = service.backup(target, schemas, latest);
        } catch (ManorException e) {
            record(Event.of(BACKUP, null, "failed", e.getMessage()));
            throw e;
        }
        record(Event.of(BACKUP, latest.orElse(null), "ok", m.dumpFile() + ", " + m.sizeBytes() + " bytes, "
                + m.rowCounts().size() + " tables"));
        return m;
    }

    /** Restores the backup into a scratch database on the same server and compares; records a backup-verify event. */
    public VerificationResult verify(BackupManifest manifest) {
        VerificationResult r = service.verify(service.manifestPath(manifest), target);
        record(Event.of(VERIFY, manifest.latestMigration(), r.ok() ? "ok" : "failed",
                manifest.dumpFile() + ": " + r.summary() + " in " + r.elapsed().toMillis() + " ms"));
        return r;
    }

    /** Backup then verify; fails with the verification problems if the new backup does not restore. */
    public BackupManifest backupAndVerify() {
        BackupManifest m = backup();
        VerificationResult r = verify(m);
        if (!r.ok()) {
            throw new ManorException(m.dumpFile() + ": " + r.summary());
        }
        return service.list().stream().filter(x -> x.dumpFile().equals(m.dumpFile())).findFirst().orElse(m);
    }

    /**
     * Restores the backup over the target database. The restore rewinds manor_events to the backup's contents, so
     * the events recorded since are carried over into the restored log before the restore event is added.
     */
    public void restore(BackupManifest manifest) {
        List<Event> before = inHistory(c -> history.events(c, Integer.MAX_VALUE));
        service.restore(service.manifestPath(manifest), target);
        inHistory(c -> {
            history.ensureTables(c);
            int carried = history.carryOver(c, before);
            history.record(c, Event.of(RESTORE, manifest.latestMigration(), "ok", manifest.dumpFile() + " taken "
                    + manifest.createdAt() + " restored" + (carried > 0 ? "; " + carried
                    + " later log events carried over" : "")));
            return null;
        });
    }

    /** The backup called {@code name} (base name, dump or manifest file name, or a path to a manifest). */
    public BackupManifest find(String name) {
        String base = Path.of(name).getFileName().toString().replaceFirst("\\.(dump|json)$", "");
        return service.list().stream().filter(m -> m.baseName().equals(base)).findFirst()
                .orElseThrow(() -> new ManorException("no backup named '" + name + "' in " + service.backupsDir()
                        + " (see 'manor backups')"));
    }

    private <T> T inHistory(dev.manor.deploy.DeployContext.SqlFunction<T> body) {
        try (Connection c = Database.of(target).connect()) {
            c.setAutoCommit(true);
            return body.apply(c);
        } catch (SQLException e) {
            throw new ManorException("deployment log of " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    private void record(Event e) {
        inHistory(c -> {
            history.ensureTables(c);
            history.record(c, e);
            return null;
        });
    }
}
