package dev.manor.analyze;

import dev.manor.Manor;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.ManorConfig;
import dev.manor.deploy.Deployer;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationRepository;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A table created earlier in the same deploy is new: indexing or altering it later in that deploy blocks nobody. */
class DeployScopedAnalysisTest {
    private static final String CREATE = "20240101000000_create";
    private static final String INDEX = "20240102000000_index";
    private static final String COLUMN = "20240103000000_column";

    @TempDir
    Path tmp;

    private MigrationsDir createIndexAlter() {
        return new MigrationsDir(tmp.resolve("migrations"))
                .add(CREATE, "CREATE TABLE v (id bigint PRIMARY KEY, num text);", "DROP TABLE v;")
                .add(INDEX, "CREATE INDEX v_num ON v (num);", "DROP INDEX v_num;")
                .add(COLUMN, "ALTER TABLE v ADD COLUMN token text DEFAULT md5(random()::text);",
                        "ALTER TABLE v DROP COLUMN token;");
    }

    @Test
    void inOneDeployAnIndexOrColumnOnATableItCreatedIsNoFinding() {
        MigrationsDir dir = createIndexAlter();
        try (TestDb db = PgServers.freshDb()) {
            List<String> warnings = new ArrayList<>();
            gated(db, dir, false, warnings).deploy(); // staging of a protected one: an error would refuse it
            assertThat(db.queryOne("SELECT to_regclass('public.v_num') IS NOT NULL")).isEqualTo(true);
            assertThat(warnings).noneMatch(w -> w.contains("[create-index-non-concurrent]")
                    || w.contains("[add-column-volatile-default]"));
        }
    }

    @Test
    void anIndexOnATableThatExistedBeforeTheDeployIsStillAnError() {
        MigrationsDir dir = createIndexAlter();
        try (TestDb db = PgServers.freshDb()) {
            Manors.load(db, dir.root()).deploy(Deployer.Options.upTo(CREATE.substring(0, 14)));
            assertThatThrownBy(gated(db, dir, true, new ArrayList<>())::deploy).hasMessageContaining("the staging of protected")
                    .hasMessageContaining("[create-index-non-concurrent]");
            assertThat(db.queryOne("SELECT to_regclass('public.v_num')")).isNull();
        }
    }

    @Test
    void onlyADeployScopeMakesTablesNew() {
        MigrationsDir dir = createIndexAlter();
        List<Migration> all = new MigrationRepository(dir.root()).load();
        Set<String> every = all.stream().map(Migration::id).collect(Collectors.toSet());
        ProjectAnalyzer analyzer = new ProjectAnalyzer(AnalysisSettings.defaults());
        // 'manor analyze --all': the earlier migrations may have been applied long ago
        assertThat(rules(analyzer.analyzeStatic(all, every)))
                .contains("create-index-non-concurrent", "add-column-volatile-default");
        assertThat(rules(analyzer.scopeIsDeploy().analyzeStatic(all, every)))
                .doesNotContain("create-index-non-concurrent", "add-column-volatile-default");
        // the table is not in scope: it exists already
        assertThat(rules(analyzer.scopeIsDeploy().analyzeStatic(all, Set.of("20240102000000", "20240103000000"))))
                .contains("create-index-non-concurrent", "add-column-volatile-default");
    }

    @Test
    void aTableDroppedAndCreatedAgainInTheDeployIsNew() {
        MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"))
                .add(CREATE, "CREATE TABLE v (id bigint PRIMARY KEY, num text);", "DROP TABLE v;")
                .add("20240101120000_recreate", "DROP TABLE v;\nCREATE TABLE v (id bigint PRIMARY KEY, num text);",
                        "SELECT 1;")
                .add(INDEX, "CREATE INDEX v_num ON v (num);", "DROP INDEX v_num;");
        List<Migration> all = new MigrationRepository(dir.root()).load();
        ProjectAnalyzer analyzer = new ProjectAnalyzer(AnalysisSettings.defaults()).scopeIsDeploy();
        assertThat(rules(analyzer.analyzeStatic(all, Set.of("20240101120000", "20240102000000"))))
                .doesNotContain("create-index-non-concurrent");
    }

    private static List<String> rules(AnalysisReport report) {
        return report.migrations().stream().flatMap(m -> m.allFindings().stream()).map(Finding::rule).toList();
    }

    private static Manor gated(TestDb db, MigrationsDir dir, boolean observed, List<String> warnings) {
        ManorConfig config = Manors.on(db, dir.root()).environment("staging", false).load().config();
        return Manors.on(db, dir.root()).environment("staging", false)
                .check(new AnalysisGate(config, AnalysisSettings.defaults(), observed ? () -> provider(db) : null,
                        warnings::add).asStagingOf(List.of("prod")))
                .load();
    }

    private static ShadowProvider provider(TestDb db) {
        return ShadowProvider.on(new ConnectionSettings(db.url(), null, null));
    }
}
