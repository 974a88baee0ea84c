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

class ConstraintWithoutNotValidTest {
    private static final String RULE = "constraint-without-not-valid";

    static List<Integer> majors() {
        return dev.manor.analyze.AnalyzeFixtures.majors();
    }

    @Test
    void firesForCheckAndForeignKey() {
        MigrationReport check = analyzeStatic("ALTER TABLE \"User\" ADD CONSTRAINT n_pos CHECK (n > 0)");
        assertThat(severities(check, RULE)).containsExactly(ERROR);
        assertThat(findings(check, RULE).get(0).safe())
                .contains("ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID", "VALIDATE CONSTRAINT n_pos");
        MigrationReport fk = analyzeStatic("ALTER TABLE post ADD FOREIGN KEY (user_id) REFERENCES \"User\"(id)");
        assertThat(severities(fk, RULE)).containsExactly(ERROR);
        assertThat(findings(fk, RULE).get(0).message()).contains("SHARE ROW EXCLUSIVE");
    }

    @Test
    void quietWithNotValidOrOnNewTable() {
        assertThat(findings(analyzeStatic("ALTER TABLE t ADD CONSTRAINT c CHECK (n > 0) NOT VALID"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("CREATE TABLE t (n int); ALTER TABLE t ADD CONSTRAINT c CHECK (n > 0)"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("ALTER TABLE t ADD COLUMN c int CHECK (c > 0)"), RULE)).isEmpty();
    }

    @ParameterizedTest @MethodSource("majors")
    void observedMessageNamesTheScannedTables(int major) {
        MigrationReport r = analyzeObserved(major, USERS + "CREATE TABLE post (id int, user_id bigint); INSERT INTO post VALUES (1, 1);",
                "ALTER TABLE post ADD CONSTRAINT post_user FOREIGN KEY (user_id) REFERENCES \"User\"(id)");
        assertThat(findings(r, RULE).get(0).message()).contains("observed scan of", "public.post");
    }
}
