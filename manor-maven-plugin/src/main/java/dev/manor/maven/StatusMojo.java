package dev.manor.maven;

import dev.manor.history.StatusReport;
import dev.manor.proof.DriftCheck;
import dev.manor.shadow.ShadowProvider;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.sql.Connection;
import java.sql.SQLException;

/** Each migration's state, then drift (like {@code manor status}). */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractManorMojo {
    /** Skip the drift check (it rebuilds the applied migrations in a throwaway database). */
    @Parameter(property = "manor.noDrift", defaultValue = "false")
    boolean noDrift;

    /** Fail the build unless every migration is applied and there is no drift. */
    @Parameter(property = "manor.failIfNotClean", defaultValue = "false")
    boolean failIfNotClean;

    @Override
    void run(Target target) throws MojoFailureException {
        StatusReport report = target.manor().status();
        getLog().info("Status of " + target.describe());
        for (StatusReport.Entry e : report.entries()) {
            getLog().info(String.format("  %-50s %s", e.folderName(), e.state().label()));
        }
        long attention = report.entries().stream().filter(e -> e.state().needsAttention()).count();
        getLog().info(report.upToDate() ? "Up to date." : attention + " migration" + (attention == 1 ? " needs" : "s need")
                + " attention.");
        boolean drifted = false;
        if (!noDrift) {
            DriftCheck.Result drift = drift(target, report);
            drift.notes().forEach(n -> getLog().info("note: " + n));
            drifted = drift.drifted();
            if (drifted) {
                getLog().warn("Drift: the live schema differs from what the applied migrations produce:");
                drift.diff().changes().forEach(ch -> getLog().warn("  - " + ch.description()));
            } else {
                getLog().info("No drift: the live schema is what the applied migrations produce.");
            }
        }
        if (failIfNotClean && (!report.upToDate() || drifted)) {
            throw new MojoFailureException("the database is not up to date and clean (see the status above)");
        }
    }

    private DriftCheck.Result drift(Target target, StatusReport report) {
        try (ShadowProvider provider = target.shadow(shadowUrl);
             Connection live = target.manor().database().connect()) {
            return DriftCheck.run(live, target.config().manor().schemas(), report, provider,
                    target.config().file().driftIgnore());
        } catch (SQLException e) {
            throw new dev.manor.ManorException("drift check: " + e.getMessage(), e);
        }
    }
}
