package dev.manor.maven;

import dev.manor.proof.ProofReport;
import dev.manor.proof.ProofSettings;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;

/** What the {@code test-*} goals share: proofs on throwaway databases, a JUnit report, a failed proof fails the build. */
abstract class AbstractProofMojo extends AbstractManorMojo {
    /** Also write a JUnit XML report here (one test case per migration), e.g. for Surefire-style CI reports. */
    @Parameter(property = "manor.junit")
    File junit;

    ProofSettings settings(Target target, long sampleRows) {
        var m = target.config().manor();
        return new ProofSettings(m.migrationsDir(), m.seedFile(), m.schemas(), sampleRows);
    }

    void finish(ProofReport report) throws MojoExecutionException, MojoFailureException {
        report.lines().forEach(getLog()::info);
        if (junit != null) {
            try {
                report.writeJunit(junit.toPath());
            } catch (IOException e) {
                throw new MojoExecutionException("cannot write " + junit + ": " + e.getMessage(), e);
            }
            getLog().info("JUnit report: " + junit);
        }
        if (!report.passed()) {
            throw new MojoFailureException(report.failures() + " " + report.suite() + " proof"
                    + (report.failures() == 1 ? "" : "s") + " failed (see above)");
        }
    }
}
