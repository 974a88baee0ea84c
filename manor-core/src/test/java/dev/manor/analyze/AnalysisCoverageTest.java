package dev.manor.analyze;

import dev.manor.Manor;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.ManorConfig;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Analysis judges every migration it is asked about, and the gate refuses what cannot succeed. */
class AnalysisCoverageTest {
    @TempDir
    Path tmp;

    private static final String BASE = "20240101000000_base";
    private static final String INDEX = "20240102000000_num_index";
    private static final String TOKEN = "20240103000000_token";

    /** A base table, an index that fails on the sample rows (num is not numeric), then a table rewrite. */
    private MigrationsDir failingThenUnsafe() {
        return new MigrationsDir(tmp.resolve("migrations"))
                .add(BASE, "CREATE TABLE v (id bigint PRIMARY KEY, num text NOT NULL);", "DROP TABLE v;")
                .add(INDEX, "-- manor:no-transaction\nCREATE INDEX CONCURRENTLY v_num_int ON v ((num::int));",
                        "-- manor:no-transaction\nDROP INDEX CONCURRENTLY v_num_int;")
                .add(TOKEN, "ALTER TABLE v ADD COLUMN token text DEFAULT md5(random()::text);",
                        "ALTER TABLE v DROP COLUMN token;");
    }

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aMigrationFailingOnTheShadowDoesNotHideTheNextOne(int major) {
        MigrationsDir dir = failingThenUnsafe();
        try (TestDb db = PgServers.freshDb(major)) {
            Manor manor = Manors.load(db, dir.root());
            AnalysisReport report = new ProjectAnalyzer(AnalysisSettings.defaults()).analyzeObserved(manor.migrations(),
                    Set.of("20240102000000", "20240103000000"), provider(db), List.of("public"), dir.root());

            assertThat(report.migrations()).extracting(MigrationReport::migrationId)
                    .containsExactly("20240102000000", "20240103000000");
            MigrationReport index = report.migrations().get(0);
            assertThat(index.allFindings()).anySatisfy(f -> {
                assertThat(f.rule()).isEqualTo("not-observable");
                assertThat(f.message()).contains("not observable with sample rows").contains("invalid input syntax");
            });
            MigrationReport token = report.migrations().get(1);
            assertThat(token.basis()).isEqualTo(Basis.OBSERVED);
            assertThat(token.allFindings()).anySatisfy(f -> {
                assertThat(f.rule()).isEqualTo("add-column-volatile-default");
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
            });
            assertThat(report.hasErrors()).isTrue();
            String text = TextReport.render(report);
            assertThat(text).contains("2 migrations: 1 observed, 1 judged statically, 0 not judged;")
                    .contains("2 statements: 1 observed, 1 judged statically, 0 not judged")
                    .doesNotContain("0 error(s)");
            long total = report.migrationCounts().values().stream().mapToLong(Long::longValue).sum();
            assertThat(total).isEqualTo(report.migrations().size());
            assertThat(JsonReport.tree(report).at("/coverage/migrations/total").asLong()).isEqualTo(2);
            assertThat(SarifReport.render(report)).contains("\"static\" : 1");
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aStatementFailingWithAndWithoutSampleRowsIsNotJudgedAndSaysWhy(int major) {
        MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"))
                .add(BASE, "CREATE TABLE v (id bigint PRIMARY KEY, num text NOT NULL);", "DROP TABLE v;")
                .add(TOKEN, "CREATE EXTENSION no_such_extension;\nALTER TABLE v ADD COLUMN token text DEFAULT md5(random()::text);",
                        "ALTER TABLE v DROP COLUMN token;");
        try (TestDb db = PgServers.freshDb(major)) {
            Manor manor = Manors.load(db, dir.root());
            AnalysisReport report = new ProjectAnalyzer(AnalysisSettings.defaults()).analyzeObserved(manor.migrations(),
                    Set.of("20240103000000"), provider(db), List.of("public"), dir.root());
            MigrationReport m = report.migrations().get(0);
            assertThat(m.basis()).isEqualTo(Basis.NOT_JUDGED);
            assertThat(m.statements().get(0).facts().basis()).isEqualTo(Basis.NOT_JUDGED);
            assertThat(m.statements().get(0).findings()).anySatisfy(f -> {
                assertThat(f.rule()).isEqualTo("not-observable");
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.message()).contains("no_such_extension");
            });
            assertThat(m.allFindings()).extracting(Finding::rule).contains("add-column-volatile-default");
            assertThat(TextReport.render(report)).contains("1 migration: 0 observed, 0 judged statically, 1 not judged");
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aProtectedDeployIsRefusedBeforeEitherIsApplied(int major) {
        MigrationsDir dir = failingThenUnsafe();
        try (TestDb db = PgServers.freshDb(major)) {
            Manors.load(db, dir.root()).deploy(dev.manor.deploy.Deployer.Options.upTo(BASE.substring(0, 14)));
            db.exec("INSERT INTO v SELECT g, 'n' || g FROM generate_series(1, 10) g");
            List<String> warnings = new ArrayList<>();
            Manor prod = gated(db, dir, true, true, warnings);
            assertThatThrownBy(prod::deploy).hasMessageContaining("is protected")
                    .hasMessageContaining("add-column-volatile-default");
            assertThat(db.queryOne("SELECT to_regclass('public.v_num_int')")).isNull();
            assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns WHERE column_name = 'token'"))
                    .isEqualTo(0L);
        }
    }

    @Test
    void concurrentlyInATransactionIsRefusedInEveryEnvironmentBeforeAnythingRuns() {
        MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"))
                .add(BASE, "CREATE TABLE v (id bigint PRIMARY KEY, num text);", "DROP TABLE v;")
                .add("20240101120000_more", "CREATE TABLE w (id int);", "DROP TABLE w;")
                .add(INDEX, "CREATE INDEX CONCURRENTLY v_num ON v (num);", "DROP INDEX v_num;");
        try (TestDb db = PgServers.freshDb()) {
            assertThatThrownBy(gated(db, dir, false, false, new ArrayList<>())::deploy)
                    .hasMessageContaining("cannot succeed").hasMessageContaining("[concurrently-in-transaction]")
                    .hasMessageContaining("refused in every environment");
            assertThat(db.queryOne("SELECT to_regclass('public.v')")).isNull();
        }
    }

    @Test
    void aDownWithConcurrentlyAndNoDirectiveIsReportedBeforeTheUpIsApplied() {
        MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"))
                .add(BASE, "CREATE TABLE v (id bigint PRIMARY KEY, num text);", "DROP TABLE v;")
                .add(INDEX, "-- manor:no-transaction\nCREATE INDEX CONCURRENTLY v_num ON v (num);",
                        "DROP INDEX CONCURRENTLY v_num;");
        try (TestDb db = PgServers.freshDb()) {
            assertThatThrownBy(gated(db, dir, false, false, new ArrayList<>())::deploy)
                    .hasMessageContaining("20240102000000 (down) [concurrently-in-transaction]");
            assertThat(db.queryOne("SELECT to_regclass('public.v')")).isNull();
        }
        AnalysisReport downs = new ProjectAnalyzer(AnalysisSettings.defaults())
                .analyzeDowns(new dev.manor.migration.MigrationRepository(dir.root()).load());
        assertThat(downs.migrations()).extracting(MigrationReport::path)
                .contains("migrations/20240102000000_num_index/down.sql");
        assertThat(downs.hasErrors()).isTrue();
    }

    private static Manor gated(TestDb db, MigrationsDir dir, boolean isProtected, boolean observed, List<String> warnings) {
        ManorConfig config = Manors.on(db, dir.root()).environment("prod", isProtected).load().config();
        return Manors.on(db, dir.root()).environment("prod", isProtected)
                .check(new AnalysisGate(config, AnalysisSettings.defaults(), observed ? () -> provider(db) : null, warnings::add))
                .load();
    }

    private static ShadowProvider provider(TestDb db) {
        return ShadowProvider.on(new ConnectionSettings(db.url(), null, null));
    }
}
