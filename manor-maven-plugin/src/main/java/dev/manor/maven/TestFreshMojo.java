package dev.manor.maven;

import dev.manor.proof.FreshProof;
import dev.manor.shadow.ShadowProvider;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/** Every migration on a new database, each followed by its verify.sql, then the seed (like {@code manor test fresh}). */
@Mojo(name = "test-fresh", threadSafe = true)
public class TestFreshMojo extends AbstractProofMojo {
    @Override
    void run(Target target) throws MojoExecutionException, MojoFailureException {
        try (ShadowProvider provider = target.shadow(shadowUrl)) {
            finish(new FreshProof(settings(target, 0)).run(provider));
        }
    }
}
