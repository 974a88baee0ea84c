package dev.manor.analyze;

import dev.manor.analyze.rules.Rules;
import dev.manor.migration.SqlStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The analyzer's façade.
 * <pre>
 * AnalysisReport r = Analyzer.staticOnly(AnalysisSettings.defaults()).analyze(migrations);
 * MigrationReport m = new Analyzer(settings).analyzeObserved(migration, connectionAtPreMigrationState);
 * </pre>
 */
public final class Analyzer {
    private final AnalysisSettings settings;
    private final List<Rule> rules;
    private final ObservedProbe probe;

    public Analyzer(AnalysisSettings settings) {
        this(settings, Rules.all(), ObservedProbe.defaults());
    }

    public Analyzer(AnalysisSettings settings, List<Rule> rules, ObservedProbe probe) {
        this.settings = settings;
        this.rules = List.copyOf(rules);
        this.probe = probe;
    }

    public static Analyzer staticOnly(AnalysisSettings settings) {
        return new Analyzer(settings);
    }

    /**
     * Static analysis of every migration: text plus known lock facts, nothing executed. Each is judged
     * against the schema the ones before it leave (see {@link ReplayedSchema}).
     */
    public AnalysisReport analyze(List<MigrationInput> migrations) {
        ReplayedSchema schema = new ReplayedSchema();
        return new AnalysisReport(migrations.stream().map(m -> judge(m, null, 0, List.of(), List.of(), schema)).toList());
    }

    public MigrationReport analyzeStatic(MigrationInput migration) {
        return judge(migration, null, 0, List.of(), List.of());
    }

    /**
     * Runs the migration on {@code conn} (a throwaway database at the pre-migration state) inside one
     * transaction that is rolled back, and analyses it with the observed facts.
     */
    public MigrationReport analyzeObserved(MigrationInput migration, Connection conn) throws SQLException {
        return judge(migration, observe(migration, conn), conn.getMetaData().getDatabaseMajorVersion(), List.of(), List.of());
    }

    /**
     * The facts of each statement: observed; for a statement that failed on the sample rows, observed again
     * in a run whose tables are emptied first; for one that failed both ways, the known facts and its error
     * (not judged by what it does); for one that cannot run in a transaction block, the known facts.
     */
    public List<StatementFacts> observe(MigrationInput migration, Connection conn) throws SQLException {
        List<NormalizedSql> sqls = normalize(migration);
        int major = conn.getMetaData().getDatabaseMajorVersion();
        List<String> texts = migration.statements().stream().map(SqlStatement::sql).toList();
        java.util.function.Predicate<String> runnable = sql -> runsInTransaction(NormalizedSql.of(sql), major);
        List<StatementFacts> withRows = probe.observe(conn, texts, runnable);
        List<StatementFacts> withoutRows = null;
        String emptyFailed = null;
        if (withRows.stream().anyMatch(f -> f != null && f.error() != null)) {
            try {
                withoutRows = probe.observe(conn, texts, runnable, userSchemas(conn));
            } catch (SQLException e) {
                emptyFailed = e.getMessage();
            }
        }
        List<StatementFacts> facts = new ArrayList<>();
        for (int i = 0; i < sqls.size(); i++) {
            StatementFacts f = withRows.get(i);
            List<LockFact> known = KnownLocks.of(sqls.get(i));
            if (f == null) {
                facts.add(StatementFacts.notObserved(known).withNote("cannot run inside the probe's transaction block:"
                        + " judged from its text and the locks PostgreSQL documents"));
            } else if (f.error() == null) {
                facts.add(f);
            } else {
                String first = firstLine(f.error());
                StatementFacts again = withoutRows == null ? null : withoutRows.get(i);
                if (again != null && again.error() == null) {
                    facts.add(again.withNote("observed without sample rows; with them it failed: " + first));
                } else {
                    String reason = again != null ? "failed on the shadow database with sample rows (" + first
                            + ") and without (" + firstLine(again.error()) + ")"
                            : "failed on the shadow database (" + first + ")"
                            + (emptyFailed == null ? "" : "; the run without sample rows could not empty the tables: "
                            + firstLine(emptyFailed));
                    facts.add(StatementFacts.failed(known, f.error()).withNote(reason));
                }
            }
        }
        return facts;
    }

    private static List<String> userSchemas(Connection conn) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (java.sql.Statement st = conn.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'")) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        return schemas;
    }

    static String firstLine(String error) {
        return error == null ? "" : error.lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
    }

    /**
     * Judges a migration: with {@code facts} (null: static analysis), plus findings and notes about the
     * migration as a whole (e.g. it failed on the shadow database), which {@code manor:allow} can suppress.
     */
    public MigrationReport judge(MigrationInput migration, List<StatementFacts> facts, int major,
                                 List<Finding> migrationFindings, List<String> notes) {
        return judge(migration, facts, major, migrationFindings, notes, new ReplayedSchema());
    }

    /** As above, against {@code schema} (what earlier migrations left), which takes in this migration too. */
    public MigrationReport judge(MigrationInput migration, List<StatementFacts> facts, int major,
                                 List<Finding> migrationFindings, List<String> notes, ReplayedSchema schema) {
        List<NormalizedSql> sqls = normalize(migration);
        List<StatementFacts> all = facts != null ? facts
                : sqls.stream().map(s -> StatementFacts.notObserved(KnownLocks.of(s))).toList();
        return report(migration, sqls, all, major, migrationFindings, notes, schema);
    }

    /** Replays a migration that is not analysed, so that later ones are judged against what it leaves. */
    public static void replay(MigrationInput migration, ReplayedSchema schema) {
        schema.apply(normalize(migration));
    }

    /** Observed analysis of several migrations; the callback prepares a connection per migration. */
    public AnalysisReport analyzeObserved(List<MigrationInput> migrations, PreparedDatabase prepare) throws SQLException {
        List<MigrationReport> out = new ArrayList<>();
        for (MigrationInput m : migrations) {
            try (Connection conn = prepare.connectionBefore(m)) {
                out.add(analyzeObserved(m, conn));
            }
        }
        return new AnalysisReport(out);
    }

    /** Gives a connection to a throwaway database brought to the state before the migration. */
    @FunctionalInterface
    public interface PreparedDatabase {
        Connection connectionBefore(MigrationInput migration) throws SQLException;
    }

    /** Whether the probe may execute the statement inside its transaction block. */
    static boolean runsInTransaction(NormalizedSql sql, int major) {
        if (sql.isEmpty() || sql.has("CONCURRENTLY")) {
            return false;
        }
        String first = sql.tokens().get(0).text();
        if (Set.of("VACUUM", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE").contains(first)
                || sql.startsWith("CREATE DATABASE") || sql.startsWith("DROP DATABASE") || sql.startsWith("ALTER SYSTEM")
                || sql.startsWith("CREATE TABLESPACE") || sql.startsWith("DROP TABLESPACE")) {
            return false;
        }
        if (sql.startsWith("ALTER TYPE") && sql.has("ADD VALUE") && major < 12) {
            return false;
        }
        // The probe's own timeouts must stay in force.
        return !((sql.startsWith("SET") || sql.startsWith("RESET"))
                && (sql.has("LOCK_TIMEOUT") || sql.has("STATEMENT_TIMEOUT")));
    }

    private static List<NormalizedSql> normalize(MigrationInput migration) {
        return migration.statements().stream().map(s -> NormalizedSql.of(s.sql())).toList();
    }

    private MigrationReport report(MigrationInput migration, List<NormalizedSql> sqls, List<StatementFacts> facts, int major,
                                   List<Finding> migrationFindings, List<String> notes, ReplayedSchema schema) {
        Suppressions suppressions = new Suppressions(migration.rawText());
        List<StatementReport> statements = new ArrayList<>();
        for (int i = 0; i < sqls.size(); i++) {
            SqlStatement st = migration.statements().get(i);
            RuleContext ctx = new RuleContext(migration, i, st, sqls.get(i), sqls, facts.get(i), major, settings, schema);
            List<Finding> findings = new ArrayList<>();
            for (Rule rule : rules) {
                findings.addAll(rule.check(ctx));
            }
            schema.apply(sqls.get(i));
            statements.add(new StatementReport(i, st.line(), st.sql(), ChangeClassifier.classify(sqls.get(i)),
                    facts.get(i), suppressions.apply(findings)));
        }
        List<Finding> fileFindings = new ArrayList<>(suppressions.apply(migrationFindings));
        Set<String> known = rules.stream().map(Rule::id).collect(Collectors.toSet());
        fileFindings.addAll(suppressions.problems(known));
        Basis basis = statements.stream().map(s -> s.facts().basis()).reduce(Basis.OBSERVED, Basis::weaker);
        if (migrationFindings.stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
            basis = Basis.NOT_JUDGED;
        }
        if (facts.isEmpty() || statements.isEmpty()) {
            basis = basis.weaker(Basis.STATIC);
        }
        return new MigrationReport(migration.id(), migration.path(), statements, fileFindings, basis, notes);
    }
}
