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

class DropNotNullTest {
    @Test
    void firesAsBreaking() {
        MigrationReport r = analyzeStatic("ALTER TABLE \"User\" ALTER COLUMN email DROP NOT NULL");
        assertThat(severities(r, "drop-not-null")).containsExactly(WARNING);
        assertThat(r.statements().get(0).cls()).isEqualTo(dev.manor.analyze.ChangeClass.BREAKING);
    }

    @Test
    void quietForOtherAlterations() {
        assertThat(findings(analyzeStatic("ALTER TABLE \"User\" ALTER COLUMN email DROP DEFAULT"), "drop-not-null")).isEmpty();
    }
}
