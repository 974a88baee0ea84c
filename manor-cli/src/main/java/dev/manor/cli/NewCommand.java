package dev.manor.cli;

import dev.manor.change.ChangePlan;
import dev.manor.change.ChangePlanWriter;
import dev.manor.change.ChangePlans;
import dev.manor.change.ChangeRequest;
import dev.manor.change.PlanStep;
import dev.manor.change.SchemaFacts;
import dev.manor.config.Overrides;
import dev.manor.config.ProjectConfig;
import dev.manor.migration.MigrationRepository;
import dev.manor.migration.MigrationScaffolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "new", description = {"Create migrations/<timestamp>_<name>/ with migration.sql and down.sql;",
        "with --change <kind>, write the whole plan of one safe change, a migration per step (docs/changes/)."})
final class NewCommand implements Callable<Integer> {
    @ParentCommand
    ManorCommand root;

    @Parameters(paramLabel = "<name>", arity = "0..1",
            description = "lower_snake_case name, e.g. add_phone_to_user (with --change: the plan's name, optional)")
    String name;

    @Option(names = "--migrations", paramLabel = "<dir>", defaultValue = "${env:MANOR_MIGRATIONS}",
            description = "Migrations folder, relative to the project (default migrations).")
    String migrations;

    @Option(names = "--change", paramLabel = "<kind>", description = "Plan a change: make-required, add-foreign-key, "
            + "add-unique, add-index, change-type, rename-column, rename-table, remove-column, remove-table.")
    String change;

    @Option(names = "--table", paramLabel = "<table>", description = "The table (as in the database, unquoted).")
    String table;
    @Option(names = "--column", paramLabel = "<column>", description = "The column.")
    String column;
    @Option(names = "--columns", paramLabel = "<a,b>", description = "Columns, comma-separated (index, unique, foreign key).")
    String columns;
    @Option(names = "--to", paramLabel = "<name>", description = "The new name (rename-*, the new column of change-type).")
    String to;
    @Option(names = "--type", paramLabel = "<sql type>", description = "A column type (the new one for change-type).")
    String type;
    @Option(names = "--from-type", paramLabel = "<sql type>", description = "change-type: the old type, when the migrations do not tell it.")
    String fromType;
    @Option(names = "--using", paramLabel = "<sql>", description = "change-type: old value to new (default a cast).")
    String using;
    @Option(names = "--back", paramLabel = "<sql>", description = "change-type: new value to old (default a cast).")
    String back;
    @Option(names = "--backfill", paramLabel = "<sql>", description = "make-required: the value for existing NULLs, e.g. \"'<unknown>'\".")
    String backfill;
    @Option(names = "--references", paramLabel = "<table>", description = "add-foreign-key: the referenced table.")
    String references;
    @Option(names = "--references-columns", paramLabel = "<a,b>", description = "add-foreign-key: referenced columns (default id).")
    String referencesColumns;
    @Option(names = "--name", paramLabel = "<name>", description = "The constraint's or index's name.")
    String objectName;
    @Option(names = "--wait", paramLabel = "<duration>", description = "rename-*, change-type: how long the expand stays applied before the contract (default 1h).")
    String waitFor;
    @Option(names = "--safety-period", paramLabel = "<duration>", description = "remove-*, rename-column, change-type: how long the deprecated column or table stays before the drop (default 7d).")
    String safetyPeriod;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ProjectConfig config = ProjectConfig.resolve(root.projectDir(),
                new Overrides(null, null, null, null, null, null, migrations, null, null, null, null), System.getenv());
        Path dir = config.manor().migrationsDir();
        if (change == null) {
            if (name == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "Missing required parameter: '<name>' (or --change <kind>)");
            }
            Path created = new MigrationScaffolder(dir, Clock.systemUTC()).create(name);
            spec.commandLine().getOut().println("Created " + root.projectDir().relativize(created) + "/{migration.sql,down.sql}");
            return ExitCodes.OK;
        }
        Map<String, String> given = new LinkedHashMap<>();
        given.put(ChangeRequest.TABLE, table);
        given.put(ChangeRequest.COLUMN, column);
        given.put(ChangeRequest.COLUMNS, columns);
        given.put(ChangeRequest.TO, to);
        given.put(ChangeRequest.TYPE, type);
        given.put("from-type", fromType);
        given.put(ChangeRequest.USING, using);
        given.put(ChangeRequest.BACK, back);
        given.put(ChangeRequest.BACKFILL, backfill);
        given.put(ChangeRequest.REFERENCES, references);
        given.put(ChangeRequest.REFERENCES_COLUMNS, referencesColumns);
        given.put(ChangeRequest.NAME, objectName);
        given.put("wait", waitFor);
        given.put(ChangeRequest.SAFETY_PERIOD, safetyPeriod);
        given.put(ChangeRequest.PLAN, name);
        ChangeRequest request = ChangeRequest.of(change);
        for (Map.Entry<String, String> e : given.entrySet()) {
            request = request.with(e.getKey(), e.getValue());
        }
        List<dev.manor.migration.Migration> existing = java.nio.file.Files.isDirectory(dir)
                ? new MigrationRepository(dir).load() : List.of();
        ChangePlan plan = ChangePlans.plan(request, SchemaFacts.fromMigrations(existing), Clock.systemUTC());
        List<Path> written = ChangePlanWriter.write(dir, plan, Clock.systemUTC());
        var err = spec.commandLine().getErr();
        err.println("Plan " + plan.name() + ": " + plan.summary() + ", in " + written.size() + " step"
                + (written.size() == 1 ? "" : "s") + " (docs/changes/" + plan.kind() + ".md)");
        for (int i = 0; i < written.size(); i++) {
            PlanStep step = plan.steps().get(i);
            String files = "migration.sql,down.sql" + (step.backfillSql() == null ? "" : ",backfill.sql")
                    + (step.verifySql() == null ? "" : ",verify.sql");
            spec.commandLine().getOut().println("Created " + root.projectDir().relativize(written.get(i)) + "/{" + files + "}");
            String waits = (step.gate().appliedFor().isZero() ? "" : "the earlier steps applied for "
                    + step.gate().appliedForText())
                    + (step.gate().confirm() == null ? "" : (step.gate().appliedFor().isZero() ? "" : ", and ")
                    + "manor confirm " + plan.name() + " (" + step.gate().confirm() + ")");
            err.println("  step " + (i + 1) + " " + step.name() + ": " + step.description()
                    + (waits.isEmpty() ? "" : "\n    deploys only after " + waits));
        }
        return ExitCodes.OK;
    }
}
