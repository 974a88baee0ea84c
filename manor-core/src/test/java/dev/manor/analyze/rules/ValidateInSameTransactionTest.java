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

class ValidateInSameTransactionTest {
    private static final String RULE = "validate-in-same-transaction";
    private static final String BOTH = """
            ALTER TABLE "User" ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;
            ALTER TABLE "User" VALIDATE CONSTRAINT n_pos;
            """;

    @Test
    void firesWhenAddAndValidateShareTheTransaction() {
        assertThat(severities(analyzeStatic(BOTH), RULE)).containsExactly(ERROR);
    }

    @Test
    void quietInSeparateMigrationsOrWithoutTransaction() {
        assertThat(findings(analyzeStatic("ALTER TABLE \"User\" VALIDATE CONSTRAINT n_pos"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("-- manor:no-transaction\n" + BOTH), RULE)).isEmpty();
    }
}
