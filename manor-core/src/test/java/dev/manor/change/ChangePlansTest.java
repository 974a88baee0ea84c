package dev.manor.change;

import dev.manor.analyze.AnalysisReport;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.analyze.Finding;
import dev.manor.analyze.ProjectAnalyzer;
import dev.manor.analyze.Severity;
import dev.manor.config.ConnectionSettings;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.proof.ProofReport;
import dev.manor.proof.ProofSettings;
import dev.manor.proof.RollbackProof;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every change kind, on every major: the plan is written, Manor's analysis finds no error, the rollback proof passes. */
class ChangePlansTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);

    /** A schema with something for every kind to work on, and rows so backfills and validations have work. */
    static final String BASE = """
            CREATE TABLE "Team" (id bigint PRIMARY KEY, name text NOT NULL);
            CREATE TABLE "User" (
                id bigint PRIMARY KEY,
                email text NOT NULL,
                price integer NOT NULL DEFAULT 0,
                "teamId" bigint,
                phone text,
                "oldField" text,
                nickname text
            );
            CREATE TABLE "Legacy" (id bigint PRIMARY KEY, note text);
            INSERT INTO "Team" VALUES (1, 'a'), (2, 'b');
            INSERT INTO "User" (id, email, price, "teamId", phone, "oldField")
                SELECT g, 'u' || g || '@x', g, 1 + g % 2, CASE WHEN g % 3 = 0 THEN NULL ELSE '555-' || g END, 'o'
                FROM generate_series(1, 50) g;
            INSERT INTO "Legacy" VALUES (1, 'keep');
            """;
    static final String BASE_DOWN = "DROP TABLE \"Legacy\";\nDROP TABLE \"User\";\nDROP TABLE \"Team\";";

    static Stream<Arguments> requests() {
        List<ChangeRequest> requests = List.of(
                ChangeRequest.of("make-required").with("table", "User").with("column", "phone").with("backfill", "'<unknown>'"),
                ChangeRequest.of("make-required").with("table", "User").with("column", "country").with("type", "text")
                        .with("backfill", "'IN'"),
                ChangeRequest.of("add-foreign-key").with("table", "User").with("columns", "teamId").with("references", "Team"),
                ChangeRequest.of("add-unique").with("table", "User").with("columns", "email"),
                ChangeRequest.of("add-index").with("table", "User").with("columns", "teamId,email"),
                ChangeRequest.of("change-type").with("table", "User").with("column", "price").with("type", "numeric(12,2)")
                        .with("to", "priceExact"),
                ChangeRequest.of("rename-column").with("table", "User").with("column", "email").with("to", "emailAddress"),
                ChangeRequest.of("rename-column").with("table", "User").with("column", "nickname").with("to", "alias"),
                ChangeRequest.of("rename-table").with("table", "Legacy").with("to", "Archive"),
                ChangeRequest.of("remove-column").with("table", "User").with("column", "oldField"),
                ChangeRequest.of("remove-table").with("table", "Legacy"));
        if (Boolean.getBoolean("manor.test.changes.all")) {
            return PgServers.majors().stream().flatMap(major -> requests.stream().map(r -> Arguments.of(major, r)));
        }
        // The default suite proves two kinds, one major each (a proof costs seconds per step); the whole matrix,
        // every kind on every major, runs with -Dmanor.test.changes.all=true.
        List<Integer> majors = PgServers.majors();
        return Stream.of(Arguments.of(majors.get(0), requests.get(0)),
                Arguments.of(majors.get(majors.size() - 1), requests.get(7)));
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "PostgreSQL {0}: {1}")
    @MethodSource("requests")
    void everyStepIsAnalysisCleanAndItsRollbackProven(int major, ChangeRequest request) {
        MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_base", BASE, BASE_DOWN);
        List<Migration> base = new MigrationRepository(dir.root()).load();
        ChangePlan plan = ChangePlans.plan(request, SchemaFacts.fromMigrations(base), CLOCK);
        List<Path> written = ChangePlanWriter.write(dir.root(), plan, CLOCK);
        assertThat(written).hasSize(plan.steps().size());

        List<Migration> all = new MigrationRepository(dir.root()).load();
        Set<String> steps = all.stream().filter(m -> !m.id().equals("20240101000000")).map(Migration::id)
                .collect(Collectors.toSet());
        try (TestDb db = PgServers.freshDb(major)) {
            ShadowProvider provider = ShadowProvider.on(new ConnectionSettings(db.url(), null, null));
            AnalysisReport report = new ProjectAnalyzer(AnalysisSettings.defaults())
                    .analyzeObserved(all, steps, provider, List.of("public"), dir.root());
            List<Finding> errors = report.migrations().stream().flatMap(m -> m.allFindings().stream())
                    .filter(f -> f.severity() == Severity.ERROR).toList();
            assertThat(errors).as("error findings in %s", plan.name()).isEmpty();

            ProofReport proof = new RollbackProof(new ProofSettings(dir.root(), null, List.of("public"), 10))
                    .run(provider, steps);
            // Every step's down is proven exact, except a drop's: its values are gone, and it says so (the proof
            // reports it as irreversible, which is not a failure).
            for (var c : proof.cases()) {
                if (c.name().endsWith("_drop")) {
                    assertThat(c.kind()).isEqualTo(dev.manor.proof.ProofCase.Kind.IRREVERSIBLE);
                    assertThat(String.join("\n", c.problems()) + String.join("\n", c.details()))
                            .contains("because the ");
                } else {
                    assertThat(c.passed()).as(String.join("\n", proof.lines())).isTrue();
                }
            }
            assertThat(proof.cases()).hasSize(plan.steps().size());
        }
    }
}
