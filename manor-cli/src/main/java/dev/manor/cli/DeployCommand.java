package dev.manor.cli;

import dev.manor.text.Plural;
import dev.manor.config.Durations;
import dev.manor.DeployOptions;
import dev.manor.DryRun;
import dev.manor.Fleet;
import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.ProjectConfig;
import dev.manor.GateRefusedException;
import dev.manor.deploy.DeployResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

@Command(name = "deploy", description = "Apply pending migrations in order, each atomically with its history row, "
        + "after the gates (analysis, deploy window, deprecation; on a protected environment staging and backup) pass.")
final class DeployCommand extends ProjectCommand {
    @Option(names = "--dry-run", description = "Run the analysis and the gates, say what would be refused (exit 1 if"
            + " anything), and print the exact SQL that would run, session settings and bookkeeping included;"
            + " change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the applied (or, with --dry-run, planned) migrations with their"
            + " report figures as JSON on stdout; progress and notices go to stderr.")
    boolean json;

    @Option(names = "--allow-out-of-order", description = "Also apply migrations older than the newest applied one.")
    boolean allowOutOfOrder;

    @Option(names = "--observe", description = "Observe locks, rewrites and scans on a shadow database before deploying"
            + " (always on in a protected environment; otherwise only the text rules run).")
    boolean observe;

    @Option(names = "--to", paramLabel = "<id>", description = "Apply migrations up to and including <id> only.")
    String upTo;

    @picocli.CommandLine.Mixin
    ShadowOptions shadow;

    @picocli.CommandLine.Mixin
    ReplicaOptions replicas;

    @Option(names = "--watch", description = "Show a live status line while a migration runs: elapsed time,"
            + " statement line, sessions blocked behind it, locks it holds.")
    boolean watch;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar for backfills"
            + " (default: when the output is a terminal).")
    Boolean progress;

    @Option(names = "--traffic-guard", paramLabel = "<duration>", converter = OptionConverters.OrOff.class,
            description = "Cancel a migration when other sessions wait behind it longer than this, e.g. 2s"
                    + " (default 1s; off turns the guard off).")
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

    @Option(names = "--skip-plan-wait", description = "Deploy a change plan's step before what it waits for (earlier deploy, time applied, confirmation) (recorded, needs --reason).")
    boolean skipPlanWait;

    @Option(names = "--outside-window", description = "Deploy outside the deploy_window (recorded, needs --reason).")
    boolean outsideWindow;

    @Option(names = "--fleet", paramLabel = "<file|query>", description = "Deploy every database of a fleet, each"
            + " as its own deploy: a fleet file (.toml, or one 'name = jdbc:postgresql://...' per line) or a query"
            + " (SELECT name, url ...) run on the environment's database. A canary first, then waves; the first"
            + " failure halts. See docs/fleet.md.")
    String fleet;

    @Option(names = "--canary", paramLabel = "<name>", description = "With --fleet: deploy this database first, alone"
            + " (default: the first, in fleet order, with work to do).")
    String canary;

    @Option(names = "--wave-size", paramLabel = "<n>", defaultValue = "1", description = "With --fleet: how many"
            + " databases deploy at once after the canary (default 1).")
    int waveSize;

    @Option(names = "--reason", paramLabel = "<why>", description = "Why a gate is overridden; recorded in the deployment log.")
    String reason;

    @Override
    int run(Session session) {
        boolean bars = progress != null ? progress : System.console() != null;
        // The library runs the analysis and the production gates; this only passes the flags on.
        // Progress, findings and gate notices go to stderr: stdout holds the result (or the JSON) alone.
        if (fleet != null) {
            return deployFleet(session.config(), session);
        }
        requireFleetFor();
        var builder = session.builder(new ConsoleListener(err(), watch, bars));
        builder.shadowProvider(() -> shadow.provider(session));
        var manor = replicas.apply(withFlags(builder), session.config()).load();
        (json ? err() : out()).println((dryRun ? "Dry run of deploy to " : "Deploying to ") + session.target());
        DeployOptions options = deployOptions();
        if (dryRun) {
            return dryRun(manor.dryRun(options), session.config().manor().environment());
        }
        DeployResult result = manor.deploy(options);
        if (json) {
            out().println(DeployJson.render(session.config().manor().environment(), result));
        } else if (result.nothingToDo()) {
            out().println("Nothing to deploy: the database is up to date.");
        } else {
            out().println("Applied " + Plural.count(result.applied().size(), "migration")
                    + (result.repeatables().isEmpty() ? "" : " and " + Plural.count(result.repeatables().size(),
                    "repeatable script")) + ".");
        }
        return ExitCodes.OK;
    }

    /** The deploy flags every database's deploy takes (gates, guard, alerts, backup, observation). */
    private Manor.Builder withFlags(Manor.Builder builder) {
        if (observe || shadow.shadowUrl != null) {
            builder.observe();
        }
        if (trafficGuard != null) {
            builder.trafficGuard(Durations.parseOrOff(trafficGuard, "--traffic-guard"));
        }
        if (alertWebhook != null && !alertWebhook.isBlank()) {
            builder.alertWebhook(webhook(alertWebhook));
        }
        if (alertCommand != null && !alertCommand.isBlank()) {
            builder.alertCommand(alertCommand);
        }
        if (backup) {
            builder.takeBackup();
        }
        overrides().forEach(gate -> builder.overrideGate(gate, reason));
        return builder;
    }

    @Override
    boolean needsDatabase() {
        return fleet == null || FleetCli.isQuery(fleet);
    }

    @Override
    int runWithoutDatabase(ProjectConfig config) {
        return deployFleet(config, null);
    }

    /** Each database as its own deploy, with these flags; the library runs the canary and the waves. */
    private int deployFleet(ProjectConfig config, Session session) {
        if (dryRun || watch) {
            throw new ManorException((dryRun ? "--dry-run" : "--watch") + " does not work with --fleet yet: run it"
                    + " against one database with --url");
        }
        withFlags(Manor.configure()); // a bad flag is one error now, not one per database
        Fleet.Options options = Fleet.Options.defaults().waveSize(waveSize).deploy(deployOptions())
                .listener(FleetCli.progress(err()));
        if (canary != null) {
            options = options.canary(canary);
        }
        Fleet fleetOf = FleetCli.load(fleet, config, project, session, System.getenv());
        Fleet.Report report = fleetOf.deploy(member -> {
            Manor.Builder b = Manor.configure().project(config)
                    .listener(new ConsoleListener(FleetCli.prefixed(err(), member.name()), false, false));
            if (shadow.shadowUrl != null) {
                b.shadowServer(new ConnectionSettings(shadow.shadowUrl, null, System.getenv("MANOR_SHADOW_PASSWORD")));
            }
            return replicas.apply(withFlags(b), config);
        }, options);
        FleetCli.printDeploy(out(), err(), report, json);
        return report.halted() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private void requireFleetFor() {
        if (canary != null || waveSize != 1) {
            throw new ManorException((canary != null ? "--canary" : "--wave-size") + " only works with --fleet");
        }
    }

    private DeployOptions deployOptions() {
        DeployOptions options = DeployOptions.defaults();
        if (allowOutOfOrder) {
            options = options.allowOutOfOrder();
        }
        if (upTo != null) {
            options = options.upTo(upTo);
        }
        return options;
    }

    /** The refusals first (on stderr, exit 1 when the real deploy would be refused), then the exact SQL. */
    private int dryRun(DryRun plan, String environment) {
        if (json) {
            plan.refusals().forEach(r -> err().println("manor: the deploy would be refused: " + r.getMessage() + hint(r)));
            err().flush();
            out().println(DeployJson.render(environment, new DeployResult(plan.plan(), List.of(), true, plan.repeatables())));
            return plan.wouldBeRefused() ? ExitCodes.FAILED : ExitCodes.OK;
        }
        if (plan.nothingToDo()) {
            out().println("Nothing to deploy: the database is up to date.");
            return ExitCodes.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (GateRefusedException refusal : plan.refusals()) {
            err.println("manor: the deploy would be refused: " + refusal.getMessage() + hint(refusal));
        }
        err.flush();
        PlanPrinter.print(out(), plan);
        return plan.wouldBeRefused() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** The command-line way past a gate (the library names its own calls). */
    static String hint(GateRefusedException refusal) {
        String flag = switch (refusal.gate()) {
            case "backup" -> "--backup, or --skip-backup-gate --reason \"<why>\"";
            case "staging" -> "--skip-staging-gate --reason \"<why>\"";
            case "deprecation" -> "--allow-early-drop --reason \"<why>\"";
            case "deploy-window" -> "--outside-window --reason \"<why>\"";
            case "plan" -> "--skip-plan-wait --reason \"<why>\"";
            default -> null;
        };
        return flag == null ? "" : " (to override: " + flag + ")";
    }

    /** The gates this command's flags override (a reason is required, checked by the library). */
    private List<String> overrides() {
        List<String> gates = new ArrayList<>();
        if (skipBackupGate) {
            gates.add("backup");
        }
        if (skipStagingGate) {
            gates.add("staging");
        }
        if (allowEarlyDrop) {
            gates.add("deprecation");
        }
        if (outsideWindow) {
            gates.add("deploy-window");
        }
        if (skipPlanWait) {
            gates.add("plan");
        }
        if (!gates.isEmpty() && (reason == null || reason.isBlank())) {
            throw new dev.manor.ManorException("overriding a gate needs a reason: add --reason \"<why>\""
                    + " (it is recorded in the deployment log)");
        }
        return gates;
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
