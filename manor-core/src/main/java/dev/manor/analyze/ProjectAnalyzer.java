package dev.manor.analyze;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.analyze.rules.NotObservable;
import dev.manor.deploy.DeployListener;
import dev.manor.deploy.Deployer;
import dev.manor.migration.Migration;
import dev.manor.proof.SyntheticData;
import dev.manor.shadow.Shadow;
import dev.manor.shadow.ShadowProvider;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Analysis of a project's migration files: static (text rules and known locks), or observed on a
 * shadow database that is brought to each migration's "before" state, given a few sample rows so
 * that scans and rewrites have something to touch, and then watched running the migration.
 *
 * <p>Every migration in scope is judged: one that fails on the shadow is applied again without the
 * sample rows; when it still fails, it is reported as not observable (with PostgreSQL's reason), and the
 * migrations after it, whose "before" state the shadow can no longer reach, are judged statically.
 */
public final class ProjectAnalyzer {
    /** Rows put into each table of the shadow before observing; enough for scans to show. */
    static final long SAMPLE_ROWS = 50;

    private final Analyzer analyzer;
    private final boolean scopeIsDeploy;

    public ProjectAnalyzer(AnalysisSettings settings) {
        this(new Analyzer(settings), false);
    }

    private ProjectAnalyzer(Analyzer analyzer, boolean scopeIsDeploy) {
        this.analyzer = analyzer;
        this.scopeIsDeploy = scopeIsDeploy;
    }

    /**
     * The same analyzer for a scope that is exactly what one deploy applies (the pending migrations): a table
     * created by a migration in scope is new to every later one in scope, so indexing, altering or filling it
     * is not a finding ({@link RuleContext#createdInMigration}).
     */
    public ProjectAnalyzer scopeIsDeploy() {
        return new ProjectAnalyzer(analyzer, true);
    }

    public static MigrationInput input(Migration m) {
        return new MigrationInput(m.id(), m.displayPath(Migration.UP_FILE), m.upStatements(), m.transactional(),
                m.upSql());
    }

    /** The down script as a migration of its own ({@code <id> (down)}), analysed like an up script. */
    public static MigrationInput downInput(Migration m) {
        return new MigrationInput(m.id() + " (down)", m.displayPath(Migration.DOWN_FILE), m.downStatements(),
                m.downTransactional(), m.downSql());
    }

    public AnalysisReport analyzeStatic(List<Migration> scope) {
        return analyzer.analyze(scope.stream().map(ProjectAnalyzer::input).toList());
    }

    /** Static analysis of the migrations in {@code scope}, each judged against what those before it in {@code all} leave. */
    public AnalysisReport analyzeStatic(List<Migration> all, Set<String> scope) {
        ReplayedSchema schema = new ReplayedSchema();
        List<MigrationReport> reports = new ArrayList<>();
        for (Migration m : all) {
            schema.deploying(scopeIsDeploy && scope.contains(m.id()));
            if (scope.contains(m.id())) {
                reports.add(analyzer.judge(input(m), null, 0, List.of(), List.of(), schema));
            } else {
                Analyzer.replay(input(m), schema);
            }
        }
        return new AnalysisReport(reports);
    }

    /**
     * Static analysis of the down scripts of {@code scope} (those that have one). A down runs only on
     * rollback, when undoing is the point: its error-level findings are warnings, except those saying it
     * cannot succeed ({@link AnalysisGate#CANNOT_SUCCEED}).
     */
    public AnalysisReport analyzeDowns(List<Migration> scope) {
        AnalysisReport downs = analyzer.analyze(scope.stream().filter(m -> m.downSql() != null)
                .map(ProjectAnalyzer::downInput).toList());
        return new AnalysisReport(downs.migrations().stream().map(ProjectAnalyzer::asDown).toList());
    }

    private static MigrationReport asDown(MigrationReport m) {
        List<StatementReport> statements = m.statements().stream().map(s -> new StatementReport(s.index(), s.line(),
                s.sql(), s.cls(), s.facts(), s.findings().stream().map(ProjectAnalyzer::asDown).toList())).toList();
        return new MigrationReport(m.migrationId(), m.path(), statements, m.migrationFindings(), m.basis(), m.notes());
    }

    private static Finding asDown(Finding f) {
        return f.severity() == Severity.ERROR && !AnalysisGate.CANNOT_SUCCEED.contains(f.rule())
                ? new Finding(f.rule(), Severity.WARNING, f.message() + " (in a down script, which runs only on rollback)", f.safe())
                : f;
    }

    /**
     * Static analysis of repeatables and callbacks, each one transaction as Manor runs it, against the schema as it
     * stands (they run after the migrations, on tables that exist and are in use). A script is named by its file.
     */
    public AnalysisReport analyzeScripts(List<dev.manor.repeatable.SqlScript> scripts) {
        return analyzer.analyze(scripts.stream().map(s -> new MigrationInput(s.file(), s.file(), s.statements(), true,
                s.sql())).toList());
    }

    /** Two reports as one: the ups, then the downs. */
    public static AnalysisReport concat(AnalysisReport a, AnalysisReport b) {
        List<MigrationReport> all = new ArrayList<>(a.migrations());
        all.addAll(b.migrations());
        return new AnalysisReport(all);
    }

    /**
     * Observes the migrations in {@code scope} in order; the others in {@code all} are applied on the
     * way so each one in scope meets the schema it will meet in production.
     */
    public AnalysisReport analyzeObserved(List<Migration> all, Set<String> scope, ShadowProvider provider,
                                          List<String> schemas, Path migrationsDir) {
        List<MigrationReport> reports = new ArrayList<>();
        ReplayedSchema schema = new ReplayedSchema();
        Path applied = withDownScripts(all, migrationsDir);
        try (Shadow shadow = provider.create(schemas)) {
            Manor manor = shadow.manor(applied, null, DeployListener.SILENT);
            String unreachable = null; // why the shadow cannot reach the state before the next migrations
            for (Migration m : all) {
                boolean inScope = scope.contains(m.id());
                schema.deploying(scopeIsDeploy && inScope);
                if (unreachable != null) {
                    if (inScope) {
                        reports.add(analyzer.judge(input(m), null, 0, List.of(), List.of("not observed: " + unreachable
                                + "; judged statically"), schema));
                    } else {
                        Analyzer.replay(input(m), schema);
                    }
                    continue;
                }
                List<StatementFacts> facts = null;
                int major = 0;
                if (inScope) {
                    try (Connection c = shadow.connect()) {
                        SyntheticData.topUp(c, shadow.schemas(), SAMPLE_ROWS);
                        facts = analyzer.observe(input(m), c);
                        major = c.getMetaData().getDatabaseMajorVersion();
                    }
                }
                List<Finding> findings = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                String failure = apply(manor, shadow, m, notes);
                if (failure != null) {
                    unreachable = m.folderName() + " failed on the shadow database (" + failure + ")";
                    findings.add(Finding.error(NotObservable.ID, "not observable: applying this migration on the shadow"
                            + " database failed: " + failure + "; it may fail in production too", NotObservable.allow()));
                }
                if (!notes.isEmpty()) {
                    findings.add(Finding.warning(NotObservable.ID, "not observable with sample rows: " + notes.get(0)
                            + "; make sure production rows cannot make it fail", null));
                }
                if (inScope) {
                    reports.add(analyzer.judge(input(m), facts, major, findings, notes, schema));
                } else {
                    Analyzer.replay(input(m), schema);
                }
            }
        } catch (SQLException e) {
            throw new ManorException("observed analysis failed: " + e.getMessage(), e);
        } finally {
            if (!applied.equals(migrationsDir)) {
                dev.manor.proof.Paths.deleteTree(applied.getParent());
            }
        }
        return new AnalysisReport(reports);
    }

    /**
     * The migrations folder, or when some migration has no down.sql (which deploy refuses, and analysis does
     * not need) a copy in which those have an empty one, so that the shadow can apply every migration.
     */
    private static Path withDownScripts(List<Migration> all, Path migrationsDir) {
        if (all.stream().allMatch(m -> m.downSql() != null)) {
            return migrationsDir;
        }
        try {
            Path dir = java.nio.file.Files.createDirectory(java.nio.file.Files.createTempDirectory("manor-analyze")
                    .resolve(migrationsDir.getFileName() == null ? "migrations" : migrationsDir.getFileName().toString()));
            for (Migration m : all) {
                Path target = java.nio.file.Files.createDirectories(dir.resolve(m.folderName()));
                java.nio.file.Files.writeString(target.resolve(Migration.UP_FILE), m.upSql());
                java.nio.file.Files.writeString(target.resolve(Migration.DOWN_FILE), m.downSql() == null ? "" : m.downSql());
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Applies the migration on the shadow; if it fails, empties the tables of their sample rows (dropping the
     * invalid index a failed CONCURRENTLY build leaves) and applies it again. Returns why it failed, or null.
     */
    private static String apply(Manor manor, Shadow shadow, Migration m, List<String> notes) throws SQLException {
        try {
            manor.deploy(Deployer.Options.upTo(m.id()));
            return null;
        } catch (ManorException withRows) {
            String first = Analyzer.firstLine(withRows.getMessage());
            try (Connection c = shadow.connect()) {
                c.setAutoCommit(false);
                ObservedProbe.deleteRows(c, shadow.schemas());
                c.commit();
                c.setAutoCommit(true);
                dropInvalidIndexes(c, shadow.schemas());
            } catch (SQLException e) {
                return first + "; the sample rows could not be removed to try without them: " + Analyzer.firstLine(e.getMessage());
            }
            try {
                manor.deploy(Deployer.Options.upTo(m.id()));
                notes.add("on the shadow database it failed with sample rows (" + first + ") and applied without them");
                return null;
            } catch (ManorException withoutRows) {
                return first + (Analyzer.firstLine(withoutRows.getMessage()).equals(first) ? ""
                        : "; without sample rows: " + Analyzer.firstLine(withoutRows.getMessage()));
            }
        }
    }

    private static void dropInvalidIndexes(Connection c, List<String> schemas) throws SQLException {
        List<String> invalid = new ArrayList<>();
        try (var ps = c.prepareStatement("""
                SELECT format('%I.%I', n.nspname, i.relname) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_namespace n ON n.oid = i.relnamespace WHERE NOT x.indisvalid AND n.nspname = ANY (?)""")) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    invalid.add(rs.getString(1));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String index : invalid) {
                st.execute("DROP INDEX IF EXISTS " + index);
            }
        }
    }
}
