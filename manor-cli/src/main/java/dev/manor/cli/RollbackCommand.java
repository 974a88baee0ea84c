package dev.manor.cli;

import dev.manor.DryRun;
import dev.manor.RollbackResult;
import dev.manor.RollbackTarget;
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

    @picocli.CommandLine.Mixin
    ReplicaOptions replicas;

    @Override
    int run(Session session) {
        if (target != null && target.steps != null && target.steps < 1) {
            throw new dev.manor.ManorException("--steps must be at least 1");
        }
        RollbackTarget t = target != null && target.to != null ? RollbackTarget.to(target.to)
                : RollbackTarget.steps(target != null && target.steps != null ? target.steps : 1);
        out().println((dryRun ? "Dry run of rollback on " : "Rolling back on ") + session.target());
        if (dryRun) {
            DryRun plan = session.manor().dryRunRollback(t);
            if (plan.nothingToDo()) {
                out().println("Nothing to roll back.");
            } else {
                PlanPrinter.print(out(), plan);
            }
            return ExitCodes.OK;
        }
        dev.manor.Manor manor = replicas.apply(session.builder(), session.config()).load();
        RollbackResult result = manor.rollback(t);
        if (result.nothingToDo()) {
            out().println("Nothing to roll back.");
        } else {
            out().println("Rolled back " + result.rolledBack().size() + " migration"
                    + (result.rolledBack().size() == 1 ? "" : "s") + "; 'manor deploy' re-applies them.");
        }
        return ExitCodes.OK;
    }
}
