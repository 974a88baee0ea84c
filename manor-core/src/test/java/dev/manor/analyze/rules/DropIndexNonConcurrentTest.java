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

class DropIndexNonConcurrentTest {
    @Test
    void firesWithoutConcurrently() {
        MigrationReport r = analyzeStatic("DROP INDEX IF EXISTS user_email");
        assertThat(severities(r, "drop-index-non-concurrent")).containsExactly(WARNING);
        assertThat(findings(r, "drop-index-non-concurrent").get(0).safe()).contains("DROP INDEX CONCURRENTLY IF EXISTS user_email");
    }

    @Test
    void quietWithConcurrently() {
        assertThat(findings(analyzeStatic("-- manor:no-transaction\nDROP INDEX CONCURRENTLY user_email"), "drop-index-non-concurrent")).isEmpty();
    }
}
