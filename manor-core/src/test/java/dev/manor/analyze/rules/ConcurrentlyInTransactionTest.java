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

class ConcurrentlyInTransactionTest {
    private static final String RULE = "concurrently-in-transaction";

    @Test
    void firesInATransactionalMigrationAndNamesTheDirective() {
        MigrationReport r = analyzeStatic("CREATE INDEX CONCURRENTLY i ON t (a)");
        assertThat(severities(r, RULE)).containsExactly(ERROR);
        assertThat(findings(r, RULE).get(0).safe()).contains("-- manor:no-transaction");
    }

    @Test
    void quietWithTheDirectiveOrForRefresh() {
        assertThat(findings(analyzeStatic("-- manor:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a)"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("REFRESH MATERIALIZED VIEW CONCURRENTLY v"), RULE)).isEmpty();
    }
}
