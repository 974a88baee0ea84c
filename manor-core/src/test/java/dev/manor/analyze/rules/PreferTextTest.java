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

class PreferTextTest {
    @Test
    void firesOnVarcharAndChar() {
        assertThat(severities(analyzeStatic("CREATE TABLE t (a VARCHAR(255), b char(2), c character varying(5))"), "prefer-text"))
                .containsExactly(WARNING, WARNING, WARNING);
        assertThat(severities(analyzeStatic("ALTER TABLE t ALTER COLUMN a TYPE varchar(20)"), "prefer-text")).containsExactly(WARNING);
    }

    @Test
    void quietForTextAndUnboundedVarchar() {
        assertThat(findings(analyzeStatic("CREATE TABLE t (a text, b varchar)"), "prefer-text")).isEmpty();
    }
}
