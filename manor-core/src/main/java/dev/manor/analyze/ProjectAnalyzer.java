package dev.manor.analyze;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.Deployer;
import dev.manor.migration.Migration;
import dev.manor.proof.SyntheticData;
import dev.manor.shadow.Shadow;
import dev.manor.shadow.ShadowProvider;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Analysis of a project's migration files: static (text rules and known locks), or observed on a
 * shadow database that is brought to each migration's "before" state, given a few sample rows so
 * that scans and rewrites have something to touch, and then watched running the migration.
 */
public final class ProjectAnalyzer {
    /** Rows put into each table of the shadow before observing; enough for scans to show. */
    static final long SAMPLE_ROWS = 50;

    private final Analyzer analyzer;

    public ProjectAnalyzer(AnalysisSettings settings) {
        this.analyzer = new Analyzer(settings);
    }

    public static MigrationInput input(Migration m) {
        return new MigrationInput(m.id(), m.displayPath(Migration.UP_FILE), m.upStatements(), m.transactional(),
                m.upSql());
    }

    public AnalysisReport analyzeStatic(List<Migration> scope) {
        return analyzer.analyze(scope.stream().map(ProjectAnalyzer::input).toList());
    }

    /**
     * Observes the migrations in {@code scope} in order; the others in {@code all} are applied on the
     * way so each one in scope meets the schema it will meet in production.
     */
    public AnalysisReport analyzeObserved(List<Migration> all, Set<String> scope, ShadowProvider provider,
                                          List<String> schemas, Path migrationsDir) {
        List<MigrationReport> reports = new ArrayList<>();
        try (Shadow shadow = provider.create(schemas)) {
            Manor manor = shadow.manor(migrationsDir, null, DeployListener.SILENT);
            for (Migration m : all) {
                if (scope.contains(m.id())) {
                    try (Connection c = shadow.connect()) {
                        SyntheticData.topUp(c, shadow.schemas(), SAMPLE_ROWS);
                        reports.add(analyzer.analyzeObserved(input(m), c));
                    }
                }
                try {
                    manor.deploy(Deployer.Options.upTo(m.id()));
                } catch (ManorException e) {
                    // The migration itself fails on the shadow: its report says so; later ones cannot be observed.
                    break;
                }
            }
        } catch (SQLException e) {
            throw new ManorException("observed analysis failed: " + e.getMessage(), e);
        }
        return new AnalysisReport(reports);
    }
}
