package dev.manor.analyze;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.manor.analyze.AnalyzeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class AnalyzerTest {
    static List<Integer> majors() {
        return AnalyzeFixtures.majors();
    }

    @ParameterizedTest @MethodSource("majors")
    void statementsThatCannotRunInATransactionFallBackToKnownLocks(int major) {
        MigrationReport r = analyzeObserved(major, USERS, """
                -- manor:no-transaction
                CREATE INDEX CONCURRENTLY user_name ON "User" (name);
                SET lock_timeout = '1s';
                ALTER TABLE "User" ADD COLUMN a text;
                """);
        StatementFacts concurrently = r.statements().get(0).facts();
        assertThat(concurrently.observed()).isFalse();
        assertThat(concurrently.locks()).containsExactly(new LockFact("User", LockFact.SHARE_UPDATE_EXCLUSIVE));
        assertThat(r.statements().get(1).facts().observed()).isFalse();
        assertThat(r.statements().get(2).facts().observed()).isTrue();
        assertThat(r.hasErrors()).isFalse();
    }

    @ParameterizedTest @MethodSource("majors")
    void enumAddValueRunsInTheProbeSincePg12ButNotBefore(int major) {
        MigrationReport r = analyzeObserved(major, "CREATE TYPE mood AS ENUM ('sad');", "ALTER TYPE mood ADD VALUE 'happy'");
        assertThat(r.statements().get(0).facts().ranCleanly()).isTrue();
        assertThat(Analyzer.runsInTransaction(NormalizedSql.of("ALTER TYPE mood ADD VALUE 'happy'"), 11)).isFalse();
    }

    @ParameterizedTest @MethodSource("majors")
    void aStatementThatFailsIsRecordedAndLaterOnesStillRun(int major) {
        MigrationReport r = analyzeObserved(major, USERS, """
                ALTER TABLE "User" ADD COLUMN code text NOT NULL;
                ALTER TABLE "User" ADD COLUMN other text;
                """);
        // It fails on the sample rows, so it is observed again without them, and says so.
        assertThat(r.statements().get(0).facts().basis()).isEqualTo(Basis.OBSERVED);
        assertThat(r.statements().get(0).facts().note()).contains("without sample rows").contains("code");
        assertThat(severities(r, "not-observable")).containsExactly(Severity.WARNING);
        assertThat(r.statements().get(1).facts().error()).isNull();
        assertThat(severities(r, "add-column-not-null-without-default")).containsExactly(Severity.ERROR);
    }

    @ParameterizedTest @MethodSource("majors")
    void aStatementThatFailedInTheProbeIsJudgedFromItsText(int major) {
        MigrationReport r = analyzeObserved(major, USERS, """
                ALTER TABLE "User" ADD COLUMN "phone" TEXT;
                ALTER TABLE "User" ALTER COLUMN "nickname" SET NOT NULL;
                """);
        assertThat(r.statements().get(0).facts().error()).isNotNull(); // phone exists already
        assertThat(r.statements().get(1).facts().error()).contains("nickname");
        assertThat(findings(r, "set-not-null")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("assumed without observation"));
    }

    @ParameterizedTest @MethodSource("majors")
    void observesSeveralMigrationsThroughThePreparedDatabaseCallback(int major) throws Exception {
        try (dev.manor.testing.TestDb db = dev.manor.testing.PgServers.freshDb(major)) {
            db.exec(USERS);
            List<String> asked = new java.util.ArrayList<>();
            AnalysisReport report = new Analyzer(AnalysisSettings.defaults()).analyzeObserved(
                    List.of(migration("ALTER TABLE \"User\" ADD COLUMN a text"), migration("CREATE INDEX i ON \"User\" (name)")),
                    m -> {
                        asked.add(m.statements().get(0).sql());
                        return db.connect();
                    });
            assertThat(asked).hasSize(2);
            assertThat(report.migrations().get(1).statements().get(0).facts().locks())
                    .contains(new LockFact("public.User", LockFact.SHARE));
            assertThat(TextReport.render(report)).contains("public.User:Share", "yes"); // CREATE INDEX scanned
            // everything was rolled back
            assertThat(db.queryOne("SELECT count(*) FROM pg_indexes WHERE indexname = 'i'")).isEqualTo(0L);
        }
    }

    @Test
    void classifiesEveryKindOfStatement() {
        MigrationReport r = analyzeStatic("""
                SET search_path = public;
                CREATE TABLE t (id bigint);
                ALTER TABLE t2 ALTER COLUMN a SET DEFAULT 1;
                ALTER TABLE t2 ALTER COLUMN a TYPE bigint, DROP COLUMN b;
                UPDATE t2 SET a = 1 WHERE a IS NULL;
                DELETE FROM t2 WHERE a = 0;
                INSERT INTO t VALUES (1);
                COMMENT ON TABLE t IS 'x';
                """);
        assertThat(r.statements()).extracting(StatementReport::cls).containsExactly(ChangeClass.NONE, ChangeClass.ADDITIVE,
                ChangeClass.ADDITIVE, ChangeClass.BREAKING, ChangeClass.TRANSFORMATIVE, ChangeClass.BREAKING,
                ChangeClass.ADDITIVE, ChangeClass.NONE);
        assertThat(r.statements().get(1).line()).isEqualTo(2);
    }

    @Test
    void reportsErrorsAcrossMigrations() {
        AnalysisReport report = Analyzer.staticOnly(AnalysisSettings.defaults()).analyze(List.of(
                migration("ALTER TABLE t ADD COLUMN a text"), migration("TRUNCATE t")));
        assertThat(report.migrations().get(0).hasErrors()).isFalse();
        assertThat(report.hasErrors()).isTrue();
    }
}
