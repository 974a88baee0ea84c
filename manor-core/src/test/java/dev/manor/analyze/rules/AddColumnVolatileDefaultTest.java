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

class AddColumnVolatileDefaultTest {
    private static final String RULE = "add-column-volatile-default";

    static List<Integer> majors() {
        return dev.manor.analyze.AnalyzeFixtures.majors();
    }

    @Test
    void firesOnVolatileDefaultsSerialAndStoredGenerated() {
        assertThat(severities(analyzeStatic("ALTER TABLE \"User\" ADD COLUMN token uuid DEFAULT gen_random_uuid()"), RULE)).containsExactly(ERROR);
        assertThat(severities(analyzeStatic("ALTER TABLE \"User\" ADD COLUMN seq bigserial"), RULE)).containsExactly(ERROR);
        assertThat(severities(analyzeStatic("ALTER TABLE \"User\" ADD COLUMN d int GENERATED ALWAYS AS (n * 2) STORED"), RULE)).containsExactly(ERROR);
        assertThat(findings(analyzeStatic("ALTER TABLE t ADD COLUMN r float8 DEFAULT random()"), RULE).get(0).safe())
                .contains("SET DEFAULT", "LIMIT 1000");
    }

    @Test
    void quietForConstantAndStableDefaultsAndNewTables() {
        assertThat(findings(analyzeStatic("ALTER TABLE \"User\" ADD COLUMN at timestamptz DEFAULT now()"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("ALTER TABLE \"User\" ADD COLUMN flag boolean DEFAULT false"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN r float8 DEFAULT random()"), RULE)).isEmpty();
    }

    @ParameterizedTest @MethodSource("majors")
    void observedRewriteDecides(int major) {
        MigrationReport clock = analyzeObserved(major, USERS, "ALTER TABLE \"User\" ADD COLUMN at timestamptz DEFAULT clock_timestamp()");
        assertThat(severities(clock, RULE)).containsExactly(ERROR);
        assertThat(findings(clock, RULE).get(0).message()).contains("observed");
        MigrationReport now = analyzeObserved(major, USERS, "ALTER TABLE \"User\" ADD COLUMN at timestamptz DEFAULT now()");
        assertThat(now.statements().get(0).facts().rewrite()).isFalse();
        assertThat(findings(now, RULE)).isEmpty();
    }
}
