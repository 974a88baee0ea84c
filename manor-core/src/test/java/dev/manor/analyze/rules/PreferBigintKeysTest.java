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

class PreferBigintKeysTest {
    private static final String RULE = "prefer-bigint-keys";

    @Test
    void firesOnIntKeys() {
        assertThat(severities(analyzeStatic("CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"authorId\" INTEGER NOT NULL,"
                + " CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"))"), RULE)).containsExactly(WARNING, WARNING);
        assertThat(severities(analyzeStatic("CREATE TABLE t (code int PRIMARY KEY)"), RULE)).containsExactly(WARNING);
        assertThat(severities(analyzeStatic("CREATE TABLE t (k int, v text, PRIMARY KEY (k))"), RULE)).containsExactly(WARNING);
        assertThat(severities(analyzeStatic("ALTER TABLE t ADD COLUMN owner int REFERENCES u(id)"), RULE)).containsExactly(WARNING);
    }

    @Test
    void quietForBigintKeysAndOrdinaryInts() {
        assertThat(findings(analyzeStatic("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, count int)"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("ALTER TABLE t ADD COLUMN user_id bigint"), RULE)).isEmpty();
    }
}
