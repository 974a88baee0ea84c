package dev.manor.analyze.bench;

import dev.manor.analyze.AnalysisReport;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.analyze.Analyzer;
import dev.manor.analyze.AnalyzeFixtures;
import dev.manor.analyze.MigrationInput;

import java.util.ArrayList;
import java.util.List;

/**
 * Times static analysis of 1,000 generated migration files in-process (target: at most 2 s).
 * Not a unit test (no Test suffix, surefire skips it). Run with:
 * <pre>
 * mvn -q -o -pl manor-core test-compile exec:java ... or
 * java -cp manor-core/target/classes:manor-core/target/test-classes:$(deps) dev.manor.analyze.bench.StaticAnalysisBenchmark
 * </pre>
 */
public final class StaticAnalysisBenchmark {
    private static final String[] TEMPLATES = {
            "CREATE TABLE \"T%1$d\" (\"id\" SERIAL NOT NULL, \"name\" VARCHAR(255) NOT NULL, \"meta\" json,"
                    + " \"createdAt\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT \"T%1$d_pkey\" PRIMARY KEY (\"id\"));",
            "CREATE UNIQUE INDEX \"T%1$d_name_key\" ON \"T%1$d\"(\"name\");",
            "ALTER TABLE \"User\" ADD COLUMN \"c%1$d\" TEXT;",
            "ALTER TABLE \"User\" ADD COLUMN \"d%1$d\" uuid DEFAULT gen_random_uuid();",
            "ALTER TABLE \"User\" ALTER COLUMN \"phone\" SET NOT NULL;",
            "ALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey%1$d\" FOREIGN KEY (\"authorId\") REFERENCES \"User\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;",
            "-- backfill\nUPDATE \"User\" SET \"c%1$d\" = 'x' WHERE \"id\" < 100;",
            "ALTER TABLE \"User\" ALTER COLUMN \"n\" TYPE bigint USING \"n\"::bigint;",
            "COMMENT ON COLUMN \"User\".\"c%1$d\" IS 'it''s a comment; with a semicolon';",
            "CREATE OR REPLACE FUNCTION f%1$d() RETURNS trigger AS $$ BEGIN NEW.x := 1; RETURN NEW; END $$ LANGUAGE plpgsql;",
    };

    private StaticAnalysisBenchmark() {
    }

    /** 1,000 migrations of 5 to 14 statements each, Prisma-like. */
    static List<MigrationInput> migrations(int count) {
        List<MigrationInput> out = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            StringBuilder file = new StringBuilder("-- migration " + m + "\n");
            int statements = 5 + m % 10;
            for (int s = 0; s < statements; s++) {
                file.append(String.format(TEMPLATES[(m + s) % TEMPLATES.length], m * 100 + s)).append("\n\n");
            }
            MigrationInput parsed = AnalyzeFixtures.migration(file.toString());
            out.add(new MigrationInput("V" + m, "migrations/V" + m + ".sql", parsed.statements(), true, file.toString()));
        }
        return out;
    }

    public static void main(String[] args) {
        List<MigrationInput> migrations = migrations(1000);
        long statements = migrations.stream().mapToLong(m -> m.statements().size()).sum();
        Analyzer analyzer = Analyzer.staticOnly(AnalysisSettings.defaults());
        long first = System.nanoTime();
        analyzer.analyze(migrations);
        System.out.printf("first run (cold JVM, as the CLI sees it): %.0f ms%n", (System.nanoTime() - first) / 1e6);
        for (int warm = 0; warm < 3; warm++) {
            analyzer.analyze(migrations);
        }
        long cold = System.nanoTime();
        AnalysisReport report = analyzer.analyze(migrations);
        double ms = (System.nanoTime() - cold) / 1e6;
        long findings = report.migrations().stream().mapToLong(m -> m.allFindings().size()).sum();
        System.out.printf("static analysis: %d migrations, %d statements, %d findings in %.0f ms (warm)%n",
                migrations.size(), statements, findings, ms);
        long fresh = System.nanoTime();
        Analyzer.staticOnly(AnalysisSettings.defaults()).analyze(migrations(1000));
        System.out.printf("including generation: %.0f ms%n", (System.nanoTime() - fresh) / 1e6);
    }
}
