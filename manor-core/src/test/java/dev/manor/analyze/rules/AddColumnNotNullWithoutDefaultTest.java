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

class AddColumnNotNullWithoutDefaultTest {
    private static final String RULE = "add-column-not-null-without-default";

    @Test
    void firesWithoutDefault() {
        MigrationReport r = analyzeStatic("ALTER TABLE \"User\" ADD COLUMN \"phone\" TEXT NOT NULL");
        assertThat(severities(r, RULE)).containsExactly(ERROR);
        assertThat(findings(r, RULE).get(0).safe()).contains("NOT VALID", "SET NOT NULL");
        assertThat(r.statements().get(0).cls()).isEqualTo(dev.manor.analyze.ChangeClass.TRANSFORMATIVE);
    }

    @Test
    void quietWithDefaultNullableOrNewTable() {
        assertThat(findings(analyzeStatic("ALTER TABLE t ADD COLUMN a text NOT NULL DEFAULT ''"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("ALTER TABLE t ADD COLUMN a text"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("ALTER TABLE t ADD COLUMN a bigint GENERATED ALWAYS AS IDENTITY NOT NULL"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("CREATE TABLE t (id bigint); ALTER TABLE t ADD COLUMN a text NOT NULL"), RULE)).isEmpty();
    }
}
