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

class UniqueWithoutConcurrentIndexTest {
    private static final String RULE = "unique-without-concurrent-index";

    @Test
    void firesForUniqueAndPrimaryKey() {
        MigrationReport u = analyzeStatic("ALTER TABLE \"User\" ADD CONSTRAINT user_email UNIQUE (email)");
        assertThat(severities(u, RULE)).containsExactly(ERROR);
        assertThat(findings(u, RULE).get(0).safe()).contains("CREATE UNIQUE INDEX CONCURRENTLY user_email ON \"User\" (email)",
                "ADD CONSTRAINT user_email UNIQUE USING INDEX user_email");
        assertThat(severities(analyzeStatic("ALTER TABLE t ADD PRIMARY KEY (id)"), RULE)).containsExactly(ERROR);
        assertThat(severities(analyzeStatic("ALTER TABLE t ADD COLUMN code text UNIQUE"), RULE)).containsExactly(ERROR);
    }

    @Test
    void quietWithUsingIndexOrNewTable() {
        assertThat(findings(analyzeStatic("ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX u"), RULE)).isEmpty();
        assertThat(findings(analyzeStatic("CREATE TABLE t (id int); ALTER TABLE t ADD PRIMARY KEY (id)"), RULE)).isEmpty();
    }
}
