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

class SetNotNullTest {
    private static final String RULE = "set-not-null";
    private static final String SET = "ALTER TABLE \"User\" ALTER COLUMN \"phone\" SET NOT NULL";
    private static final String VALIDATED = """
            ALTER TABLE "User" ADD CONSTRAINT phone_nn CHECK ("phone" IS NOT NULL) NOT VALID;
            ALTER TABLE "User" VALIDATE CONSTRAINT phone_nn;
            """;

    static List<Integer> majors() {
        return dev.manor.analyze.AnalyzeFixtures.majors();
    }

    @Test
    void staticallyAssumedToScan() {
        MigrationReport r = analyzeStatic(SET);
        assertThat(severities(r, RULE)).containsExactly(ERROR);
        assertThat(findings(r, RULE).get(0).message()).contains("assumed");
        assertThat(findings(r, RULE).get(0).safe()).contains("NOT VALID", "VALIDATE CONSTRAINT", "DROP CONSTRAINT");
    }

    @Test
    void staticallyProvenByValidateEarlierInTheMigrationOnPg12AndLater() {
        assertThat(severities(analyzeStatic("ALTER TABLE \"User\" VALIDATE CONSTRAINT phone_nn;" + SET), RULE)).containsExactly(INFO);
        // before PostgreSQL 12 the CHECK does not spare the scan
        AnalysisSettings pg11 = AnalysisSettings.defaults().withAssumedMajor(11);
        assertThat(severities(analyzeStatic("ALTER TABLE \"User\" VALIDATE CONSTRAINT phone_nn;" + SET, pg11), RULE)).containsExactly(ERROR);
    }

    @ParameterizedTest @MethodSource("majors")
    void observedScanIsAnError(int major) {
        MigrationReport r = analyzeObserved(major, USERS, SET);
        assertThat(r.statements().get(0).facts().scanned()).containsExactly("public.User");
        assertThat(severities(r, RULE)).containsExactly(ERROR);
        assertThat(findings(r, RULE).get(0).message()).contains("observed");
    }

    @ParameterizedTest @MethodSource("majors")
    void observedNoScanAfterValidatedCheckIsInfo(int major) {
        MigrationReport r = analyzeObserved(major, USERS + VALIDATED, SET);
        assertThat(r.statements().get(0).facts().scan()).isFalse();
        assertThat(severities(r, RULE)).containsExactly(INFO);
    }
}
