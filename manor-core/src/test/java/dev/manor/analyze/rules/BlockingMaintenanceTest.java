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

class BlockingMaintenanceTest {
    private static final String RULE = "blocking-maintenance";

    @Test
    void firesForBlockingVariants() {
        assertThat(findings(analyzeStatic("REINDEX TABLE \"User\""), RULE)).singleElement()
                .satisfies(f -> assertThat(f.safe()).contains("REINDEX TABLE CONCURRENTLY \"User\""));
        assertThat(severities(analyzeStatic("ALTER TABLE events DETACH PARTITION events_2020"), RULE)).containsExactly(ERROR);
        assertThat(severities(analyzeStatic("VACUUM FULL \"User\""), RULE)).containsExactly(ERROR);
        assertThat(severities(analyzeStatic("VACUUM (FULL, ANALYZE) \"User\""), RULE)).containsExactly(ERROR);
        assertThat(severities(analyzeStatic("CLUSTER \"User\" USING \"User_pkey\""), RULE)).containsExactly(ERROR);
    }

    @Test
    void quietForConcurrentVariantsAndPlainVacuum() {
        assertThat(findings(analyzeStatic("-- manor:no-transaction\nREINDEX INDEX CONCURRENTLY i"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("-- manor:no-transaction\nALTER TABLE e DETACH PARTITION p CONCURRENTLY"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("-- manor:no-transaction\nVACUUM ANALYZE \"User\""), RULE)).isEmpty();
    }

    @Test
    void olderServersHaveNoConcurrentVariantSoOnlyAWarning() {
        AnalysisSettings pg11 = AnalysisSettings.defaults().withAssumedMajor(11);
        assertThat(severities(analyzeStatic("REINDEX TABLE t", pg11), RULE)).containsExactly(WARNING);
        AnalysisSettings pg13 = AnalysisSettings.defaults().withAssumedMajor(13);
        assertThat(severities(analyzeStatic("ALTER TABLE e DETACH PARTITION p", pg13), RULE)).containsExactly(WARNING);
        assertThat(severities(analyzeStatic("ALTER TABLE e DETACH PARTITION p", pg13.withAssumedMajor(14)), RULE)).containsExactly(ERROR);
    }
}
