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

class PreferJsonbTest {
    @Test
    void firesOnJson() {
        assertThat(severities(analyzeStatic("ALTER TABLE t ADD COLUMN meta json"), "prefer-jsonb")).containsExactly(WARNING);
    }

    @Test
    void quietForJsonb() {
        assertThat(findings(analyzeStatic("ALTER TABLE t ADD COLUMN meta jsonb DEFAULT '{}'"), "prefer-jsonb")).isEmpty();
    }
}
