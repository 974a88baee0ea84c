package dev.manor.maven;

import dev.manor.config.Durations;
import dev.manor.deploy.DeployResult;
import dev.manor.deploy.Deployer;
import dev.manor.deploy.PlannedMigration;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.HashSet;
import java.util.Set;

/**
 * Applies pending migrations in order, each atomically with its history row, after the analysis and the
 * environment's gates pass (like {@code manor deploy}).
 */
@Mojo(name = "deploy", threadSafe = true)
public class DeployMojo extends AbstractManorMojo {
    /** Print the SQL that would run and change nothing. */
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
    void run(Target target) throws MojoExecutionException {
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
        getLog().info((dryRun ? "Dry run of deploy to " : "Deploying to ") + target.describe());
        DeployResult result = builder.load().deploy(new Deployer.Options(dryRun, allowOutOfOrder, to));
        if (result.nothingToDo()) {
            getLog().info("Nothing to deploy: the database is up to date.");
        } else if (dryRun) {
            for (PlannedMigration step : result.plan()) {
                getLog().info("-- " + step.file());
                step.statements().forEach(s -> getLog().info(s.sql()));
            }
        } else {
            int n = result.applied().size();
            getLog().info("Applied " + n + " migration" + (n == 1 ? "" : "s") + ".");
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
