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

class PreferTimestamptzTest {
    @Test
    void firesOnTimestampWithoutZone() {
        assertThat(severities(analyzeStatic("CREATE TABLE t (a TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                + " b timestamp without time zone)"), "prefer-timestamptz")).containsExactly(WARNING, WARNING);
    }

    @Test
    void quietForTimestamptz() {
        assertThat(findings(analyzeStatic("CREATE TABLE t (a timestamptz, b timestamp(3) with time zone)"), "prefer-timestamptz")).isEmpty();
    }
}
