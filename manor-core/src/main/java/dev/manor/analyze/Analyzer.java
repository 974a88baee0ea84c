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

    /** Static analysis of every migration: text plus known lock facts, nothing executed. */
    public AnalysisReport analyze(List<MigrationInput> migrations) {
        return new AnalysisReport(migrations.stream().map(this::analyzeStatic).toList());
    }

    public MigrationReport analyzeStatic(MigrationInput migration) {
        List<NormalizedSql> sqls = normalize(migration);
        List<StatementFacts> facts = sqls.stream().map(s -> StatementFacts.notObserved(KnownLocks.of(s))).toList();
        return report(migration, sqls, facts, 0);
    }

    /**
     * Runs the migration on {@code conn} (a throwaway database at the pre-migration state) inside one
     * transaction that is rolled back, and analyses it with the observed facts.
     */
    public MigrationReport analyzeObserved(MigrationInput migration, Connection conn) throws SQLException {
        List<NormalizedSql> sqls = normalize(migration);
        int major = conn.getMetaData().getDatabaseMajorVersion();
        List<String> texts = migration.statements().stream().map(SqlStatement::sql).toList();
        List<StatementFacts> observed = probe.observe(conn, texts, sql -> runsInTransaction(NormalizedSql.of(sql), major));
        List<StatementFacts> facts = new ArrayList<>();
        for (int i = 0; i < sqls.size(); i++) {
            StatementFacts f = observed.get(i);
            facts.add(f != null ? f : StatementFacts.notObserved(KnownLocks.of(sqls.get(i))));
        }
        return report(migration, sqls, facts, major);
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

    private MigrationReport report(MigrationInput migration, List<NormalizedSql> sqls, List<StatementFacts> facts, int major) {
        Suppressions suppressions = new Suppressions(migration.rawText());
        List<StatementReport> statements = new ArrayList<>();
        for (int i = 0; i < sqls.size(); i++) {
            SqlStatement st = migration.statements().get(i);
            RuleContext ctx = new RuleContext(migration, i, st, sqls.get(i), sqls, facts.get(i), major, settings);
            List<Finding> findings = new ArrayList<>();
            for (Rule rule : rules) {
                findings.addAll(rule.check(ctx));
            }
            statements.add(new StatementReport(i, st.line(), st.sql(), ChangeClassifier.classify(sqls.get(i)),
                    facts.get(i), suppressions.apply(findings)));
        }
        Set<String> known = rules.stream().map(Rule::id).collect(Collectors.toSet());
        return new MigrationReport(migration.id(), migration.path(), statements, suppressions.problems(known));
    }
}
