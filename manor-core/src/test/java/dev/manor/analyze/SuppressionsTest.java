package dev.manor.analyze;

import org.junit.jupiter.api.Test;

import static dev.manor.analyze.AnalyzeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class SuppressionsTest {
    private static final String SET = "ALTER TABLE \"User\" ALTER COLUMN phone SET NOT NULL;";

    @Test
    void allowWithReasonSuppressesTheRule() {
        MigrationReport r = analyzeStatic("-- manor:allow set-not-null because the table has 12 rows\n" + SET);
        assertThat(r.allFindings()).isEmpty();
        assertThat(r.hasErrors()).isFalse();
    }

    @Test
    void allowWithoutReasonSuppressesNothingAndIsAnError() {
        MigrationReport r = analyzeStatic("-- manor:allow set-not-null\n" + SET);
        assertThat(severities(r, "set-not-null")).containsExactly(Severity.ERROR);
        assertThat(r.migrationFindings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("suppression-without-reason");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("line 1");
        });
    }

    @Test
    void unusedAndUnknownSuppressionsAreReported() {
        MigrationReport r = analyzeStatic("-- manor:allow truncate because cleanup\n-- manor:allow no-such-rule because x\n" + SET);
        assertThat(r.migrationFindings()).extracting(Finding::rule).containsExactly("unused-suppression", "unknown-rule");
        assertThat(severities(r, "unused-suppression")).containsExactly(Severity.WARNING);
    }
}
