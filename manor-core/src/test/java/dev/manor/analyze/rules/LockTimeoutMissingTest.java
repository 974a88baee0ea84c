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

class LockTimeoutMissingTest {
    private static final String RULE = "lock-timeout-missing";
    private static final String DDL = "ALTER TABLE \"User\" ADD COLUMN a text";

    @Test
    void firesWhenTheMigrationDisablesOrLengthensIt() {
        assertThat(severities(analyzeStatic("SET lock_timeout = 0;" + DDL), RULE)).containsExactly(ERROR);
        assertThat(severities(analyzeStatic("SET lock_timeout TO '10s';" + DDL), RULE)).containsExactly(WARNING);
        assertThat(severities(analyzeStatic("SET LOCAL lock_timeout = '1min';" + DDL), RULE)).containsExactly(WARNING);
    }

    @Test
    void quietWithShortTimeoutOrUnderManor() {
        assertThat(findings(analyzeStatic("SET lock_timeout = '500ms';" + DDL), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("SET lock_timeout = 2000;" + DDL), RULE)).isEmpty();
        assertThat(findings(analyzeStatic(DDL), RULE)).isEmpty(); // Manor's executor sets lock_timeout
    }

    @Test
    void outsideManorTheFirstLockingStatementNeedsOne() {
        AnalysisSettings outside = AnalysisSettings.defaults().withOutsideManor(true);
        assertThat(severities(analyzeStatic(DDL + ";" + DDL, outside), RULE)).containsExactly(WARNING);
        assertThat(findings(analyzeStatic("SET lock_timeout = '1s';" + DDL, outside), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("COMMENT ON TABLE t IS 'x'", outside), RULE)).isEmpty();
    }
}
