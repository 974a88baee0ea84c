package dev.manor.cli;

import dev.manor.deploy.DeployResult;
import dev.manor.deploy.Deployer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "deploy", description = "Apply pending migrations in order, each atomically with its history row.")
final class DeployCommand extends ProjectCommand {
    @Option(names = "--dry-run", description = "Print the SQL that would run and change nothing.")
    boolean dryRun;

    @Option(names = "--allow-out-of-order", description = "Also apply migrations older than the newest applied one.")
    boolean allowOutOfOrder;

    @Override
    int run(Session session) {
        var manor = session.manor();
        out().println((dryRun ? "Dry run of deploy to " : "Deploying to ") + session.target());
        DeployResult result = manor.deploy(new Deployer.Options(dryRun, allowOutOfOrder));
        if (result.nothingToDo()) {
            out().println("Nothing to deploy: the database is up to date.");
        } else if (dryRun) {
            PlanPrinter.print(out(), result.plan());
        } else {
            out().println("Applied " + result.applied().size() + " migration" + (result.applied().size() == 1 ? "" : "s") + ".");
        }
        return ExitCodes.OK;
    }
}
