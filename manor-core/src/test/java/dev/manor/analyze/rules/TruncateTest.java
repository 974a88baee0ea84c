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

class TruncateTest {
    @Test
    void fires() {
        assertThat(severities(analyzeStatic("TRUNCATE TABLE \"Session\""), "truncate")).containsExactly(ERROR);
    }

    @Test
    void quietForNewTableAndDelete() {
        assertThat(findings(analyzeStatic("CREATE TABLE s (a int); TRUNCATE s"), "truncate")).isEmpty();
        assertThat(findings(analyzeStatic("DELETE FROM s WHERE a = 1"), "truncate")).isEmpty();
    }
}
