package dev.manor.maven;

import dev.manor.config.Durations;
import dev.manor.DeployOptions;
import dev.manor.DryRun;
import dev.manor.GateRefusedException;
import dev.manor.deploy.DeployResult;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies pending migrations in order, each atomically with its history row, after the analysis and the
 * environment's gates pass (like {@code manor deploy}).
 */
@Mojo(name = "deploy", threadSafe = true)
public class DeployMojo extends AbstractManorMojo {
    /** Log the SQL that would run (after the analysis and gates, recording nothing) and change nothing. */
    @Parameter(property = "manor.dryRun", defaultValue = "false")
    boolean dryRun;

    /** Also apply migrations older than the newest applied one. */
    @Parameter(property = "manor.allowOutOfOrder", defaultValue = "false")
    boolean allowOutOfOrder;

    /** Apply migrations up to and including this id only. */
    @Parameter(property = "manor.to")
    String to;

    /** Observe locks, rewrites and scans on a shadow database first (always on in a protected environment). */
    @Parameter(property = "manor.observe", defaultValue = "false")
    boolean observe;

    /** Take a backup and verify it by a restore before deploying (satisfies the backup gate). */
    @Parameter(property = "manor.backup", defaultValue = "false")
    boolean backup;

    /** Cancel a migration when other sessions wait behind it longer than this (default 1s; 0 turns it off). */
    @Parameter(property = "manor.trafficGuard")
    String trafficGuard;

    /** Deploy without a recent verified backup (recorded, needs a reason). */
    @Parameter(property = "manor.skipBackupGate", defaultValue = "false")
    boolean skipBackupGate;

    /** Deploy migrations not yet applied and proven in staging (recorded, needs a reason). */
    @Parameter(property = "manor.skipStagingGate", defaultValue = "false")
    boolean skipStagingGate;

    /** Drop deprecated objects before their safety period ends (recorded, needs a reason). */
    @Parameter(property = "manor.allowEarlyDrop", defaultValue = "false")
    boolean allowEarlyDrop;

    /** Deploy outside the deploy_window (recorded, needs a reason). */
    @Parameter(property = "manor.outsideWindow", defaultValue = "false")
    boolean outsideWindow;

    /** Why a gate is overridden; recorded in the deployment log. */
    @Parameter(property = "manor.reason")
    String reason;

    @Override
    void run(Target target) throws MojoExecutionException, MojoFailureException {
        // The library runs the analysis and the environment's gates; this only passes the parameters on.
        var builder = target.builder(new LogListener(getLog()));
        if (observe || (shadowUrl != null && !shadowUrl.isBlank())) {
            builder.observe();
        }
        builder.shadowProvider(() -> target.shadow(shadowUrl));
        if (trafficGuard != null) {
            builder.trafficGuard(Durations.parse(trafficGuard, "manor.trafficGuard"));
        }
        if (backup) {
            builder.takeBackup();
        }
        Set<String> gates = overridden();
        if (!gates.isEmpty() && (reason == null || reason.isBlank())) {
            throw new MojoExecutionException("overriding a gate needs a reason: set manor.reason (it is recorded in"
                    + " the deployment log)");
        }
        gates.forEach(gate -> builder.overrideGate(gate, reason));
        var manor = builder.load();
        getLog().info((dryRun ? "Dry run of deploy to " : "Deploying to ") + target.describe());
        DeployOptions options = DeployOptions.defaults();
        if (allowOutOfOrder) {
            options = options.allowOutOfOrder();
        }
        if (to != null) {
            options = options.upTo(to);
        }
        if (dryRun) {
            dryRun(manor.dryRun(options));
            return;
        }
        DeployResult result = manor.deploy(options);
        if (result.nothingToDo()) {
            getLog().info("Nothing to deploy: the database is up to date.");
        } else {
            int n = result.applied().size();
            getLog().info("Applied " + n + " migration" + (n == 1 ? "" : "s") + ".");
        }
    }

    /** The exact SQL; a deploy that would be refused fails the build after it is shown. */
    private void dryRun(DryRun plan) throws MojoFailureException {
        if (plan.nothingToDo()) {
            getLog().info("Nothing to deploy: the database is up to date.");
            return;
        }
        plan.script().lines().forEach(getLog()::info);
        if (plan.wouldBeRefused()) {
            throw new MojoFailureException("the deploy would be refused: " + plan.refusals().stream()
                    .map(GateRefusedException::getMessage).collect(Collectors.joining("; ")));
        }
    }

    private Set<String> overridden() {
        Set<String> gates = new HashSet<>();
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
        return gates;
    }
}
