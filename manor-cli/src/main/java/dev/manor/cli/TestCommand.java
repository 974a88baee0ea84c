package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.gate.Proofs;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.text.Plural;
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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
                // Relative to the shell's working directory, like any other path typed on the command line.
                Path file = junit.toAbsolutePath().normalize();
                report.writeJunit(file);
                out().println("JUnit report: " + file);
            }
            return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "rollback", description = "For each migration: up, down (schema and rows must be as before), up again"
            + " (schema as after up). Default: the pending ones, and in an environment that is a protected one's staging"
            + " also the applied ones whose round trip is not proven there yet.")
    static final class Rollback extends Proof {
        @Option(names = "--all", description = "Prove every migration, not only the pending ones.")
        boolean all;

        @Option(names = "--rows", defaultValue = "25", description = "Sample rows put into each existing table first (default 25).")
        long rows;

        @Option(names = "--fail-fast", description = "Stop at the first failure and list the migrations not tried.")
        boolean failFast;

        @Option(names = "--json", description = "Print JSON: every migration with its kind, and the counts per kind.")
        boolean json;

        @Override
        int run(Session session) throws IOException {
            Set<String> scope = null;
            String what = "every migration";
            if (!all) {
                StatusReport status = session.manor().status();
                scope = new TreeSet<>(status.toDeploy().stream().map(StatusReport.Entry::id).toList());
                what = Plural.count(scope.size(), "pending migration");
                List<String> stagingFor = session.config().protectedEnvironmentsStagedHere();
                if (!stagingFor.isEmpty()) {
                    Set<String> unproven = unprovenHere(session, status);
                    scope.addAll(unproven);
                    what += " and " + Plural.count(unproven.size(), "applied migration") + " not yet proven in '"
                            + session.config().manor().environment() + "' (the staging of "
                            + String.join(", ", stagingFor) + ")";
                }
                if (scope.isEmpty()) {
                    out().println("Nothing to prove: no pending migration" + (stagingFor.isEmpty() ? ""
                            : " and every applied one is proven here") + ". Use --all to prove every migration.");
                    return ExitCodes.FAILED;
                }
            }
            (json ? err() : out()).println("Proving rollback of " + what);
            try (ShadowProvider provider = shadow.provider(session)) {
                ProofReport report = new RollbackProof(settings(session, rows)).run(provider, scope, failFast);
                recordProofs(session, report);
                if (json) {
                    out().println(report.toJson());
                    if (junit != null) {
                        report.writeJunit(junit.toAbsolutePath().normalize());
                    }
                    return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
                }
                return finish(report);
            }
        }

        /** Applied migrations (same checksum as the file) whose round trip this environment's log does not prove. */
        private static Set<String> unprovenHere(Session session, StatusReport status) {
            var manor = session.manor();
            var context = dev.manor.deploy.ManorInternals.context(manor);
            return context.withConnection(c -> {
                Set<String> out = new TreeSet<>();
                for (StatusReport.Entry e : status.withState(MigrationState.APPLIED)) {
                    var events = context.history().eventsFor(c, e.id());
                    if (Proofs.evidence(events, e.migration()) == null) {
                        out.add(e.id());
                    }
                }
                return out;
            });
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
