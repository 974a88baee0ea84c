package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.gate.Proofs;
import dev.manor.history.StatusReport;
import dev.manor.proof.FreshProof;
import dev.manor.proof.IncrementalProof;
import dev.manor.proof.ProofReport;
import dev.manor.proof.ProofSettings;
import dev.manor.proof.RollbackProof;
import dev.manor.shadow.ShadowProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

@Command(name = "test", description = "Prove migrations on throwaway databases: rollback, fresh, incremental, perf.",
        subcommands = {TestCommand.Rollback.class, TestCommand.Fresh.class, TestCommand.Incremental.class,
                TestCommand.Perf.class})
final class TestCommand {
    /** What every proof shares: project, shadow, JUnit output. */
    abstract static class Proof extends ProjectCommand {
        @Mixin
        ShadowOptions shadow;

        @Option(names = "--junit", paramLabel = "<file>", description = "Also write a JUnit XML report (one test case per migration).")
        Path junit;

        ProofSettings settings(Session session, long sampleRows) {
            var m = session.config().manor();
            return new ProofSettings(m.migrationsDir(), m.seedFile(), m.schemas(), sampleRows);
        }

        int finish(ProofReport report) throws IOException {
            report.lines().forEach(out()::println);
            if (junit != null) {
                Path file = root().projectDir().resolve(junit);
                report.writeJunit(file);
                out().println("JUnit report: " + file);
            }
            return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "rollback", description = "For each migration: up, down (schema and rows must be as before), up again (schema as after up). Default: the pending ones.")
    static final class Rollback extends Proof {
        @Option(names = "--all", description = "Prove every migration, not only the pending ones.")
        boolean all;

        @Option(names = "--rows", defaultValue = "25", description = "Sample rows put into each existing table first (default 25).")
        long rows;

        @Override
        int run(Session session) throws IOException {
            Set<String> scope = null;
            if (!all) {
                StatusReport status = session.manor().status();
                scope = status.toDeploy().stream().map(StatusReport.Entry::id).collect(Collectors.toSet());
                if (scope.isEmpty()) {
                    out().println("No pending migrations to prove (use --all to prove every migration).");
                    return ExitCodes.OK;
                }
            }
            out().println("Proving rollback of " + (all ? "every migration" : scope.size() + " pending migrations"));
            try (ShadowProvider provider = shadow.provider(session)) {
                ProofReport report = new RollbackProof(settings(session, rows)).run(provider, scope);
                recordProofs(session, report);
                return finish(report);
            }
        }

        /** Each proven migration goes into this environment's log, where the staging gate looks for it. */
        private void recordProofs(Session session, ProofReport report) {
            var manor = session.manor();
            dev.manor.deploy.ManorInternals.context(manor).withConnection(c -> {
                for (var m : report.passedMigrations(manor.migrations()).keySet()) {
                    Proofs.record(c, dev.manor.deploy.ManorInternals.context(manor).history(), m.id(), m.checksum());
                }
                return null;
            });
        }
    }

    @Command(name = "fresh", description = "Apply every migration on a new database, run each verify.sql, then the seed.")
    static final class Fresh extends Proof {
        @Override
        int run(Session session) throws IOException {
            try (ShadowProvider provider = shadow.provider(session)) {
                return finish(new FreshProof(settings(session, 0)).run(provider));
            }
        }
    }

    @Command(name = "incremental", description = "Deploy an older set, upgrade to the current one, and compare with a fresh deploy.")
    static final class Incremental extends Proof {
        @Option(names = "--from", required = true, paramLabel = "<git ref | migration id>",
                description = "The older set: a git revision of the migrations folder, or the newest migration id it had.")
        String from;

        @Override
        int run(Session session) throws IOException {
            Path dir = session.config().manor().migrationsDir();
            Path older = Files.createTempDirectory("manor-older");
            try {
                if (from.matches("\\d{14}")) {
                    IncrementalProof.upToId(dir, from, older);
                } else {
                    IncrementalProof.atGitRef(dir, from, older);
                }
                try (ShadowProvider provider = shadow.provider(session)) {
                    return finish(new IncrementalProof(settings(session, 0)).run(provider, older, from));
                }
            } finally {
                dev.manor.proof.Paths.deleteTree(older);
            }
        }
    }

    @Command(name = "perf", description = "Time each pending migration on a database filled with production-like volume.")
    static final class Perf extends Proof {
        @Option(names = "--rows", description = "Rows per table.")
        Long rows;

        @Option(names = "--like", paramLabel = "<env>", description = "Read row counts (read-only) from this environment's statistics.")
        String like;

        @Override
        int run(Session session) throws IOException {
            if ((rows == null) == (like == null)) {
                throw new ManorException("give either --rows N or --like <env>");
            }
            return PerfRunner.run(this, session);
        }
    }
}
