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

class CreateIndexNonConcurrentTest {
    private static final String RULE = "create-index-non-concurrent";

    @Test
    void firesOnExistingTable() {
        MigrationReport r = analyzeStatic("CREATE INDEX \"User_email_idx\" ON \"User\"(\"email\")");
        assertThat(severities(r, RULE)).containsExactly(ERROR);
        assertThat(findings(r, RULE).get(0).safe()).contains("CREATE INDEX CONCURRENTLY \"User_email_idx\"", "manor:no-transaction");
    }

    @Test
    void quietConcurrentlyOrOnNewTable() {
        assertThat(findings(analyzeStatic("-- manor:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a)"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("CREATE TABLE t (a int); CREATE UNIQUE INDEX i ON t (a)"), RULE)).isEmpty();
    }
}
