package dev.manor.gate;

import dev.manor.backup.BackupService;
import dev.manor.backup.SchemaFingerprinter;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Durations;
import dev.manor.config.EnvironmentSettings;
import dev.manor.config.ProjectConfig;
import dev.manor.history.HistoryStore;
import dev.manor.schema.SchemaSnapshot;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which gates a deploy to an environment passes, from manor.toml: the deploy window wherever one is configured,
 * the deprecation and plan gates everywhere, and on a protected environment the staging and backup gates (the backup gate
 * also wherever a backup is asked for).
 */
public final class Gates {
    /** Verification compares the restored copy's schema structure too, not only its tables and row counts. */
    static final SchemaFingerprinter SCHEMA_FINGERPRINT = (c, schemas) ->
            Optional.of(SchemaSnapshot.read(c, schemas, List.of()).fingerprint());

    private Gates() {
    }

    /** In order: cheap checks first, the backup (which may take one) last, once everything else has passed. */
    public static List<Gate> forDeploy(ProjectConfig project, ConnectionSettings target, Map<String, String> env,
                                       Clock clock, boolean takeBackup) {
        EnvironmentSettings es = project.environment();
        String name = project.manor().environment();
        List<Gate> gates = new ArrayList<>();
        deployWindow(project).ifPresent(w -> gates.add(new DeployWindowGate(w, clock)));
        HistoryStore history = new HistoryStore(project.manor().historySchema(), name);
        gates.add(new PlanGate(history, clock));
        gates.add(new DeprecationGate(clock, history));
        if (project.manor().protectedEnv()) {
            gates.add(staging(project, env));
        }
        if (project.manor().protectedEnv() || takeBackup) {
            gates.add(new BackupGate(backups(project, target, clock), backupMaxAge(project), clock, takeBackup, name));
        }
        return gates;
    }

    public static StagingGate staging(ProjectConfig project, Map<String, String> env) {
        String staging = project.environment().staging();
        return new StagingGate(project.manor().environment(), staging, () -> project.forEnvironment(staging, env));
    }

    public static Optional<DeployWindow> deployWindow(ProjectConfig project) {
        return Optional.ofNullable(project.environment().deployWindow()).map(DeployWindow::parse);
    }

    public static Duration backupMaxAge(ProjectConfig project) {
        String text = project.environment().backupMaxAge();
        return text == null ? BackupGate.DEFAULT_MAX_AGE : Durations.parse(text, "backup_max_age");
    }

    /**
     * Backups of an environment live in {@code <backups>/<env>/}: staging and prod databases often share a name
     * (ivm_db), and a staging backup must never satisfy prod's backup gate.
     */
    public static TrackedBackups backups(ProjectConfig project, ConnectionSettings target, Clock clock) {
        Optional<Path> binDir = Optional.ofNullable(project.file().backupPgBinDir()).map(project.projectDir()::resolve);
        BackupService service = new BackupService(binDir, project.backupsDir().resolve(project.manor().environment()),
                clock).withSchemaFingerprinter(SCHEMA_FINGERPRINT);
        return new TrackedBackups(service, target, project.manor().schemas(),
                new HistoryStore(project.manor().historySchema(), project.manor().environment()));
    }
}
