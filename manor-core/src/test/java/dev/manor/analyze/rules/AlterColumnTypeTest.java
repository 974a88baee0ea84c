package dev.manor.analyze.rules;

import dev.manor.analyze.AnalysisSettings;
import dev.manor.analyze.MigrationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.manor.analyze.AnalyzeFixtures.*;
import static dev.manor.analyze.Severity.*;
import static org.assertj.core.api.Assertions.assertThat;

class AlterColumnTypeTest {
    private static final String RULE = "alter-column-type";
    private static final String SETUP = "CREATE TABLE post (id int PRIMARY KEY, title varchar(10));"
            + "INSERT INTO post SELECT g, 't' FROM generate_series(1, 100) g;";

    static List<Integer> majors() {
        return dev.manor.analyze.AnalyzeFixtures.majors();
    }

    @Test
    void staticVerdictDependsOnTheTargetType() {
        assertThat(severities(analyzeStatic("ALTER TABLE post ALTER COLUMN id TYPE bigint"), RULE)).containsExactly(ERROR);
        assertThat(severities(analyzeStatic("ALTER TABLE post ALTER COLUMN title TYPE text"), RULE)).containsExactly(WARNING);
        assertThat(severities(analyzeStatic("ALTER TABLE post ALTER COLUMN title TYPE text USING upper(title)"), RULE)).containsExactly(ERROR);
    }

    @Test
    void quietForOtherStatementsAndNewTables() {
        assertThat(findings(analyzeStatic("ALTER TABLE post ALTER COLUMN title SET DEFAULT 'x'"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("CREATE TABLE post (id int); ALTER TABLE post ALTER COLUMN id TYPE bigint"), RULE)).isEmpty();
    }

    @ParameterizedTest @MethodSource("majors")
    void observedRewriteIsAnErrorAndBinaryCompatibleIsInfo(int major) {
        MigrationReport widen = analyzeObserved(major, SETUP, "ALTER TABLE post ALTER COLUMN id TYPE bigint");
        assertThat(severities(widen, RULE)).containsExactly(ERROR);
        assertThat(findings(widen, RULE).get(0).message()).contains("public.post");
        MigrationReport varchar = analyzeObserved(major, SETUP, "ALTER TABLE post ALTER COLUMN title TYPE varchar(20)");
        assertThat(severities(varchar, RULE)).containsExactly(INFO);
    }
}
