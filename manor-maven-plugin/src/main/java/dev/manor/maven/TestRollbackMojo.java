package dev.manor.maven;

import dev.manor.deploy.ManorInternals;
import dev.manor.gate.Proofs;
import dev.manor.history.StatusReport;
import dev.manor.proof.ProofReport;
import dev.manor.proof.RollbackProof;
import dev.manor.shadow.ShadowProvider;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * For each pending migration (or all): up, down (schema and rows as before), up again, on a shadow database; each
 * proven migration is recorded for the staging gate (like {@code manor test rollback}).
 */
@Mojo(name = "test-rollback", threadSafe = true)
public class TestRollbackMojo extends AbstractProofMojo {
    /** Prove every migration, not only the pending ones. */
    @Parameter(property = "manor.all", defaultValue = "false")
    boolean all;

    /** Sample rows put into each existing table first. */
    @Parameter(property = "manor.rows", defaultValue = "25")
    long rows;

    @Override
    void run(Target target) throws MojoExecutionException, MojoFailureException {
        var manor = target.manor();
        Set<String> scope = null;
        if (!all) {
            scope = manor.status().toDeploy().stream().map(StatusReport.Entry::id).collect(Collectors.toSet());
            if (scope.isEmpty()) {
                getLog().info("No pending migrations to prove (set manor.all to prove every migration).");
                return;
            }
        }
        getLog().info("Proving rollback of " + (all ? "every migration" : scope.size() + " pending migrations"));
        ProofReport report;
        try (ShadowProvider provider = target.shadow(shadowUrl)) {
            report = new RollbackProof(settings(target, rows)).run(provider, scope);
        }
        var context = ManorInternals.context(manor);
        context.withConnection(c -> {
            for (var m : report.passedMigrations(manor.migrations()).keySet()) {
                Proofs.record(c, context.history(), m.id(), m.checksum());
            }
            return null;
        });
        finish(report);
    }
}
