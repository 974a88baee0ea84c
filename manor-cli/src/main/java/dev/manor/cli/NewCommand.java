package dev.manor.cli;

import dev.manor.config.Overrides;
import dev.manor.config.ProjectConfig;
import dev.manor.migration.MigrationScaffolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "new", description = "Create migrations/<timestamp>_<name>/ with migration.sql and down.sql.")
final class NewCommand implements Callable<Integer> {
    @ParentCommand
    ManorCommand root;

    @Parameters(paramLabel = "<name>", description = "lower_snake_case name, e.g. add_phone_to_user")
    String name;

    @Option(names = "--migrations", paramLabel = "<dir>", defaultValue = "${env:MANOR_MIGRATIONS}",
            description = "Migrations folder, relative to the project (default migrations).")
    String migrations;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ProjectConfig config = ProjectConfig.resolve(root.projectDir(),
                new Overrides(null, null, null, null, null, null, migrations, null, null, null, null), System.getenv());
        Path dir = new MigrationScaffolder(config.manor().migrationsDir(), Clock.systemUTC()).create(name);
        spec.commandLine().getOut().println("Created " + root.projectDir().relativize(dir) + "/{migration.sql,down.sql}");
        return ExitCodes.OK;
    }
}
