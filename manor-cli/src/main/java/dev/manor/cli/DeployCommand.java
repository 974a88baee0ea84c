package dev.manor.cli;

import dev.manor.analyze.AnalysisGate;
import dev.manor.analyze.AnalysisSettings;
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

    @Option(names = "--observe", description = "Observe locks, rewrites and scans on a shadow database before deploying"
            + " (always on in a protected environment; otherwise only the text rules run).")
    boolean observe;

    @Option(names = "--to", paramLabel = "<id>", description = "Apply migrations up to and including <id> only.")
    String upTo;

    @picocli.CommandLine.Mixin
    ShadowOptions shadow;

    @Override
    int run(Session session) {
        var config = session.config().manor();
        boolean observed = observe || config.protectedEnv() || shadow.shadowUrl != null;
        var analysis = new AnalysisGate(config, AnalysisSettings.defaults(),
                observed ? () -> shadow.provider(session) : null, finding -> out().println("  " + finding));
        var manor = session.manor(new ConsoleListener(out()), java.util.List.of(analysis));
        out().println((dryRun ? "Dry run of deploy to " : "Deploying to ") + session.target());
        DeployResult result = manor.deploy(new Deployer.Options(dryRun, allowOutOfOrder, upTo));
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
