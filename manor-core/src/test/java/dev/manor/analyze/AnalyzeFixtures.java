package dev.manor.analyze;

import dev.manor.migration.SqlStatement;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: a naive ';' splitter (simple SQL only) and one-call static/observed analysis. */
public final class AnalyzeFixtures {
    private AnalyzeFixtures() {
    }

    public static List<Integer> majors() {
        return PgServers.majors();
    }

    /** Splits on ';' (no literals containing ';' in tests), keeping each statement's first line. */
    public static List<SqlStatement> split(String text) {
        List<SqlStatement> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ';') {
                String chunk = text.substring(start, i);
                String sql = chunk.strip();
                if (!NormalizedSql.of(sql).isEmpty()) {
                    int offset = start + chunk.indexOf(sql);
                    int line = (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
                    out.add(new SqlStatement(sql, line));
                }
                start = i + 1;
            }
        }
        return out;
    }

    public static MigrationInput migration(String text) {
        return new MigrationInput("V1", "migrations/V1__test.sql", split(text), !text.contains("manor:no-transaction"), text);
    }

    public static MigrationReport analyzeStatic(String text) {
        return analyzeStatic(text, AnalysisSettings.defaults());
    }

    public static MigrationReport analyzeStatic(String text, AnalysisSettings settings) {
        return Analyzer.staticOnly(settings).analyze(List.of(migration(text))).migrations().get(0);
    }

    /** Runs setup on a fresh database of the given major, then analyses the migration observed. */
    public static MigrationReport analyzeObserved(int major, String setup, String text) {
        try (TestDb db = PgServers.freshDb(major)) {
            if (!setup.isBlank()) {
                db.exec(setup);
            }
            try (Connection c = db.connect()) {
                return new Analyzer(AnalysisSettings.defaults()).analyzeObserved(migration(text), c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Finding> findings(MigrationReport report, String rule) {
        return report.allFindings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    public static List<Severity> severities(MigrationReport report, String rule) {
        return findings(report, rule).stream().map(Finding::severity).toList();
    }

    /** A filled table "User"(id, phone, name varchar(10), n int) with 2000 rows. */
    public static final String USERS = """
            CREATE TABLE "User" (id bigint PRIMARY KEY, phone text, name varchar(10), n int);
            INSERT INTO "User" SELECT g, 'p' || g, 'n' || (g % 100), g FROM generate_series(1, 2000) g;
            """;
}
