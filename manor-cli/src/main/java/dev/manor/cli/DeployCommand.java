package dev.manor.cli;

import dev.manor.deploy.DeployResult;
import dev.manor.deploy.Deployer;
import dev.manor.gate.GateKeeper;
import dev.manor.gate.GateOverrides;
import dev.manor.gate.Gates;
import dev.manor.history.HistoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@Command(name = "deploy", description = "Apply pending migrations in order, each atomically with its history row, "
        + "after the gates (deploy window, deprecation; on a protected environment staging and backup) pass.")
final class DeployCommand extends ProjectCommand {
    @Option(names = "--dry-run", description = "Print the SQL that would run and change nothing.")
    boolean dryRun;

    @Option(names = "--allow-out-of-order", description = "Also apply migrations older than the newest applied one.")
    boolean allowOutOfOrder;

    @Option(names = "--backup", description = "Take a backup and verify it by a restore before deploying (satisfies the backup gate).")
    boolean backup;

    @Option(names = "--skip-backup-gate", description = "Deploy without a recent verified backup (recorded, needs --reason).")
    boolean skipBackupGate;

    @Option(names = "--skip-staging-gate", description = "Deploy migrations not yet applied and proven in staging (recorded, needs --reason).")
    boolean skipStagingGate;

    @Option(names = "--allow-early-drop", description = "Drop deprecated objects before their safety period ends (recorded, needs --reason).")
    boolean allowEarlyDrop;

    @Option(names = "--outside-window", description = "Deploy outside the deploy_window (recorded, needs --reason).")
    boolean outsideWindow;

    @Option(names = "--reason", paramLabel = "<why>", description = "Why a gate is overridden; recorded in the deployment log.")
    String reason;

    @Override
    int run(Session session) {
        Set<String> overridden = new HashSet<>();
        if (skipBackupGate) {
            overridden.add("backup");
        }
        if (skipStagingGate) {
            overridden.add("staging");
        }
        if (allowEarlyDrop) {
            overridden.add("deprecation");
        }
        if (outsideWindow) {
            overridden.add("deploy-window");
        }
        var config = session.config();
        GateKeeper gates = new GateKeeper(
                Gates.forDeploy(config, session.connection(), System.getenv(), Clock.systemUTC(), backup),
                new GateOverrides(overridden, reason),
                new HistoryStore(config.manor().historySchema(), config.manor().environment()),
                notice -> out().println("  " + notice));
        var manor = session.manor(new ConsoleListener(out()), List.of(gates));
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
