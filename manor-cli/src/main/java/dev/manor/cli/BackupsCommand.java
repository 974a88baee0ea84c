package dev.manor.cli;

import dev.manor.backup.BackupManifest;
import dev.manor.backup.BackupService;
import dev.manor.config.ProjectConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Lists backup files only: no database needed, so it does not open a session (or start the embedded server). */
@Command(name = "backups", description = "List the environment's backups, newest first.")
final class BackupsCommand implements Callable<Integer> {
    @ParentCommand
    ManorCommand root;

    @Mixin
    ProjectOptions project;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ProjectConfig config = ProjectConfig.resolve(root.projectDir(), project.overrides(), System.getenv());
        BackupService service = new BackupService(Optional.empty(),
                config.backupsDir().resolve(config.manor().environment()), Clock.systemUTC());
        List<BackupManifest> all = service.list();
        var out = spec.commandLine().getOut();
        if (all.isEmpty()) {
            out.println("No backups of '" + config.manor().environment() + "' in " + service.backupsDir() + ".");
            out.flush();
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"BACKUP", "TAKEN", "DATABASE", "SIZE", "LATEST MIGRATION", "VERIFIED"});
        for (BackupManifest m : all) {
            rows.add(new String[] {m.baseName(), String.valueOf(m.createdAt()), m.database(), m.sizeBytes() + " B",
                    m.latestMigrationId().orElse(""), m.verified() == null ? "no" : "yes " + m.verified().verifiedAt()});
        }
        TextTable.print(out, rows);
        return ExitCodes.OK;
    }
}
