package dev.manor.analyze;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.manor.analyze.AnalyzeFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The examples of the strategy document's "Migration Types" section. */
class SpecExamplesTest {
    static List<Integer> majors() {
        return AnalyzeFixtures.majors();
    }

    private static final String BAD = """
            -- Don't do this in one step!
            ALTER TABLE "User" ALTER COLUMN "phone" SET NOT NULL;
            """;
    private static final String STEP_ADD_CHECK = """
            ALTER TABLE "User" ADD CONSTRAINT "User_phone_not_null" CHECK ("phone" IS NOT NULL) NOT VALID;
            """;
    private static final String STEP_VALIDATE_AND_SET = """
            ALTER TABLE "User" VALIDATE CONSTRAINT "User_phone_not_null";
            ALTER TABLE "User" ALTER COLUMN "phone" SET NOT NULL;
            ALTER TABLE "User" DROP CONSTRAINT "User_phone_not_null";
            """;

    @ParameterizedTest @MethodSource("majors")
    void badApproachIsAnErrorObserved(int major) {
        MigrationReport r = analyzeObserved(major, USERS, BAD);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.statements().get(0).cls()).isEqualTo(ChangeClass.TRANSFORMATIVE);
        assertThat(findings(r, "set-not-null")).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
    }

    @Test
    void badApproachIsAnErrorStatically() {
        assertThat(analyzeStatic(BAD).hasErrors()).isTrue();
    }

    @ParameterizedTest @MethodSource("majors")
    void twoStepApproachHasNoError(int major) {
        MigrationReport first = analyzeObserved(major, USERS, STEP_ADD_CHECK);
        assertThat(first.allFindings()).noneMatch(f -> f.severity() == Severity.ERROR);
        assertThat(first.statements().get(0).facts().scan()).isFalse();

        MigrationReport second = analyzeObserved(major, USERS + STEP_ADD_CHECK, STEP_VALIDATE_AND_SET);
        assertThat(second.hasErrors()).as(second.allFindings().toString()).isFalse();
        assertThat(second.statements().get(0).facts().locks())
                .containsExactly(new LockFact("public.User", LockFact.SHARE_UPDATE_EXCLUSIVE));
        assertThat(second.statements().get(1).facts().scan()).isFalse();
    }

    @Test
    void twoStepApproachHasNoErrorStatically() {
        assertThat(analyzeStatic(STEP_ADD_CHECK).hasErrors()).isFalse();
        assertThat(analyzeStatic(STEP_VALIDATE_AND_SET).hasErrors()).isFalse();
    }

    @Test
    void additiveExampleIsQuiet() {
        MigrationReport r = analyzeStatic("ALTER TABLE \"User\" ADD COLUMN \"middleName\" TEXT;");
        assertThat(r.cls()).isEqualTo(ChangeClass.ADDITIVE);
        assertThat(r.allFindings()).isEmpty();
    }

    @Test
    void deprecationPatternIsInfoOnly() {
        MigrationReport deprecate = analyzeStatic("""
                ALTER TABLE "User" RENAME COLUMN "oldField" TO "_deprecated_oldField";
                COMMENT ON COLUMN "User"."_deprecated_oldField" IS 'Deprecated on 2024-01-15, safe to remove after 2024-02-15';
                """);
        assertThat(deprecate.allFindings()).extracting(Finding::severity).containsOnly(Severity.INFO);
        assertThat(deprecate.statements().get(1).cls()).isEqualTo(ChangeClass.NONE);
        MigrationReport drop = analyzeStatic("ALTER TABLE \"User\" DROP COLUMN \"_deprecated_oldField\";");
        assertThat(drop.cls()).isEqualTo(ChangeClass.BREAKING);
        assertThat(drop.hasErrors()).isFalse();
    }
}
