package dev.manor.cli;

import dev.manor.deploy.DeployResult;
import dev.manor.deploy.Rollbacker;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", description = "Run down.sql of the newest applied migrations, newest first, and record it.")
final class RollbackCommand extends ProjectCommand {
    static final class Target {
        @Option(names = "--steps", converter = OptionConverters.PositiveInt.class, description = "How many migrations to roll back (default 1).")
        Integer steps;

        @Option(names = "--to", paramLabel = "<id>", description = "Roll back every migration newer than <id>.")
        String to;
    }

    @ArgGroup(exclusive = true)
    Target target;

    @Option(names = "--dry-run", description = "Print the SQL that would run and change nothing.")
    boolean dryRun;

    @Override
    int run(Session session) {
        Rollbacker.Target t = target != null && target.to != null ? Rollbacker.Target.to(target.to)
                : Rollbacker.Target.steps(target != null && target.steps != null ? target.steps : 1);
        out().println((dryRun ? "Dry run of rollback on " : "Rolling back on ") + session.target());
        DeployResult result = session.manor().rollback(t, dryRun);
        if (result.nothingToDo()) {
            out().println("Nothing to roll back.");
        } else if (dryRun) {
            PlanPrinter.print(out(), result.plan());
        } else {
            out().println("Rolled back " + result.applied().size() + " migration"
                    + (result.applied().size() == 1 ? "" : "s") + "; 'manor deploy' re-applies them.");
        }
        return ExitCodes.OK;
    }
}
