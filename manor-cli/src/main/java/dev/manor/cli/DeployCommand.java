package dev.manor.cli;

import dev.manor.text.Plural;
import dev.manor.analyze.AnalysisGate;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.config.Durations;
import dev.manor.deploy.DeployResult;
import dev.manor.deploy.Deployer;
import dev.manor.gate.GateKeeper;
import dev.manor.gate.GateOverrides;
import dev.manor.gate.Gates;
import dev.manor.history.HistoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

@Command(name = "deploy", description = "Apply pending migrations in order, each atomically with its history row, "
        + "after the gates (analysis, deploy window, deprecation; on a protected environment staging and backup) pass.")
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

    @Option(names = "--watch", description = "Show a live status line while a migration runs: elapsed time,"
            + " statement line, sessions blocked behind it, locks it holds.")
    boolean watch;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar for backfills"
            + " (default: when the output is a terminal).")
    Boolean progress;

    @Option(names = "--traffic-guard", paramLabel = "<duration>", description = "Cancel a migration when other"
            + " sessions wait behind it longer than this (default 1s; 0 turns the guard off).")
    String trafficGuard;

    @Option(names = "--alert-webhook", paramLabel = "<url>", defaultValue = "${env:MANOR_ALERT_WEBHOOK}",
            description = "POST a JSON alert here on a failed, cancelled or overdue migration"
                    + " (default: $MANOR_ALERT_WEBHOOK).")
    String alertWebhook;

    @Option(names = "--alert-command", paramLabel = "<command>", defaultValue = "${env:MANOR_ALERT_COMMAND}",
            description = "Run this shell command with the alert's JSON on stdin (default: $MANOR_ALERT_COMMAND).")
    String alertCommand;

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
        var config = session.config().manor();
        // Staging of a protected environment analyses and refuses like it, so that what passes there passes there.
        var stagingOf = session.config().protectedEnvironmentsStagedHere();
        boolean observed = observe || config.protectedEnv() || !stagingOf.isEmpty() || shadow.shadowUrl != null;
        boolean bars = progress != null ? progress : System.console() != null;
        var builder = session.builder(new ConsoleListener(err(), watch, bars));
        // Analysis before the gates: a refusal should not cost a backup.
        builder.check(new AnalysisGate(config, AnalysisSettings.defaults(),
                observed ? () -> shadow.provider(session) : null, finding -> out().println("  " + finding))
                .asStagingOf(stagingOf));
        if (trafficGuard != null) {
            builder.trafficGuard(Durations.parse(trafficGuard, "--traffic-guard"));
        }
        if (alertWebhook != null && !alertWebhook.isBlank()) {
            builder.alertWebhook(webhook(alertWebhook));
        }
        if (alertCommand != null && !alertCommand.isBlank()) {
            builder.alertCommand(alertCommand);
        }
        builder.check(gates(session));
        var manor = builder.load();
        out().println((dryRun ? "Dry run of deploy to " : "Deploying to ") + session.target());
        DeployResult result = manor.deploy(new Deployer.Options(dryRun, allowOutOfOrder, upTo));
        if (result.nothingToDo()) {
            out().println("Nothing to deploy: the database is up to date.");
        } else if (dryRun) {
            PlanPrinter.print(out(), result.plan());
        } else {
            out().println("Applied " + Plural.count(result.applied().size(), "migration") + ".");
        }
        return ExitCodes.OK;
    }

    /** The production gates (library: dev.manor.gate) with this command's override flags. */
    private GateKeeper gates(Session session) {
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
        var project = session.config();
        return new GateKeeper(
                Gates.forDeploy(project, session.connection(), System.getenv(), Clock.systemUTC(), backup),
                new GateOverrides(overridden, reason),
                new HistoryStore(project.manor().historySchema(), project.manor().environment()),
                notice -> out().println("  " + notice));
    }

    private static URI webhook(String url) {
        try {
            URI uri = URI.create(url.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new dev.manor.ManorException("--alert-webhook: '" + dev.manor.config.Secrets.maskUrl(url)
                    + "' is not an http(s) URL");
        }
    }
}
