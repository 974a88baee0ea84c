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

class BackfillInDdlMigrationTest {
    private static final String RULE = "backfill-in-ddl-migration";
    private static final String DDL = "ALTER TABLE \"User\" ADD COLUMN \"phone2\" TEXT;\n";

    static List<Integer> majors() {
        return dev.manor.analyze.AnalyzeFixtures.majors();
    }

    @Test
    void unboundedUpdateInDdlMigrationWarnsWithoutObservation() {
        assertThat(severities(analyzeStatic(DDL + "UPDATE \"User\" SET \"phone2\" = phone"), RULE)).containsExactly(WARNING);
        assertThat(severities(analyzeStatic(DDL + "DELETE FROM \"User\""), RULE)).containsExactly(WARNING);
    }

    @Test
    void quietForBoundedUpdatesAndPureDataMigrations() {
        assertThat(findings(analyzeStatic(DDL + "UPDATE \"User\" SET phone2 = phone WHERE id < 10"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("UPDATE \"User\" SET phone = 'x'"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("CREATE TABLE s (a int); UPDATE s SET a = 1"), RULE)).isEmpty();
    }

    @ParameterizedTest @MethodSource("majors")
    void observedRowCountAgainstTheBatchThreshold(int major) {
        MigrationReport big = analyzeObserved(major, USERS, DDL + "UPDATE \"User\" SET \"phone2\" = phone WHERE id > 0");
        assertThat(big.statements().get(1).facts().rows()).isEqualTo(2000);
        assertThat(severities(big, RULE)).containsExactly(ERROR);
        MigrationReport small = analyzeObserved(major, USERS, DDL + "UPDATE \"User\" SET \"phone2\" = phone");
        assertThat(severities(small, RULE)).containsExactly(ERROR);
        MigrationReport few = analyzeObserved(major, USERS, DDL + "UPDATE \"User\" SET \"phone2\" = phone WHERE id <= 10");
        assertThat(findings(few, RULE)).isEmpty();
    }
}
