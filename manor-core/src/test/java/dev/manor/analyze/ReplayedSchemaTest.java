package dev.manor.analyze;

import dev.manor.testing.PgServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.manor.analyze.AnalyzeFixtures.USERS;
import static org.assertj.core.api.Assertions.assertThat;

/** Static rules check what the migrations before a statement say about the schema before they fire. */
class ReplayedSchemaTest {
    private static final String RANDOM_STRING = """
            CREATE FUNCTION random_string(n int) RETURNS text LANGUAGE sql
            AS $$ SELECT substr(md5(random()::text), 1, n) $$;
            """;

    private static List<MigrationReport> analyze(String... files) {
        List<MigrationInput> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            MigrationInput m = AnalyzeFixtures.migration(files[i]);
            inputs.add(new MigrationInput("V" + (i + 1), "migrations/V" + (i + 1) + ".sql", m.statements(), m.transactional(), files[i]));
        }
        return Analyzer.staticOnly(AnalysisSettings.defaults()).analyze(inputs).migrations();
    }

    private static List<Finding> findings(MigrationReport r, String rule) {
        return AnalyzeFixtures.findings(r, rule);
    }

    @Test
    void aDefaultCallingAProjectFunctionThatIsVolatileIsAnError() {
        List<MigrationReport> r = analyze("CREATE TABLE t (id bigint PRIMARY KEY);\n" + RANDOM_STRING,
                "ALTER TABLE t ADD COLUMN token text NOT NULL DEFAULT random_string(26);");
        assertThat(findings(r.get(1), "add-column-volatile-default")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("random_string()").contains("VOLATILE");
        });
    }

    @Test
    void theDeclaredVolatilityDecidesAndAnUnknownFunctionIsAWarning() {
        List<MigrationReport> r = analyze("CREATE TABLE t (id bigint PRIMARY KEY);\n"
                        + "CREATE FUNCTION fixed_code() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'x' $$;",
                "ALTER TABLE t ADD COLUMN a text DEFAULT fixed_code();\n"
                        + "ALTER TABLE t ADD COLUMN b timestamptz DEFAULT now() CHECK (b > '2000-01-01');\n"
                        + "ALTER TABLE t ADD COLUMN c text DEFAULT from_an_extension();");
        List<Finding> f = findings(r.get(1), "add-column-volatile-default");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.message()).contains("from_an_extension()").contains("unknown");
        });
    }

    @Test
    void reDeclaringTheTypeAColumnHasIsQuiet() {
        List<MigrationReport> r = analyze("CREATE TABLE \"User\" (id int PRIMARY KEY, name text NOT NULL, n integer, at timestamp(3));",
                "ALTER TABLE \"User\" ALTER COLUMN \"name\" SET DATA TYPE TEXT;\n"
                        + "ALTER TABLE \"User\" ALTER COLUMN n TYPE int4, ALTER COLUMN at TYPE TIMESTAMP(3) WITHOUT TIME ZONE;");
        assertThat(findings(r.get(1), "alter-column-type")).isEmpty();
        List<MigrationReport> changed = analyze("CREATE TABLE \"User\" (id int PRIMARY KEY, n integer);",
                "ALTER TABLE \"User\" ALTER COLUMN n TYPE bigint;");
        assertThat(findings(changed.get(1), "alter-column-type")).extracting(Finding::severity).containsExactly(Severity.ERROR);
    }

    @Test
    void setNotNullOnAColumnThatIsAlreadyNotNullIsQuiet() {
        List<MigrationReport> r = analyze("CREATE TABLE \"User\" (id int PRIMARY KEY, email text NOT NULL, phone text);",
                "ALTER TABLE \"User\" ALTER COLUMN email SET NOT NULL;\nALTER TABLE \"User\" ALTER COLUMN id SET NOT NULL;",
                "ALTER TABLE \"User\" ALTER COLUMN phone SET NOT NULL;");
        assertThat(findings(r.get(1), "set-not-null")).isEmpty();
        assertThat(findings(r.get(2), "set-not-null")).extracting(Finding::severity).containsExactly(Severity.ERROR);
    }

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void theObservedAdviceNamesAHelperCheckOnlyWhenThereIsOne(int major) {
        MigrationReport none = AnalyzeFixtures.analyzeObserved(major, USERS,
                "ALTER TABLE \"User\" ALTER COLUMN id SET NOT NULL;");
        assertThat(findings(none, "set-not-null")).allSatisfy(f -> assertThat(f.message()).doesNotContain("CHECK"));
        MigrationReport helper = AnalyzeFixtures.analyzeObserved(major, USERS + """
                ALTER TABLE "User" ADD CONSTRAINT phone_nn CHECK (phone IS NOT NULL) NOT VALID;
                ALTER TABLE "User" VALIDATE CONSTRAINT phone_nn;
                """, "ALTER TABLE \"User\" ADD CONSTRAINT phone_nn2 CHECK (phone IS NOT NULL);\n"
                + "ALTER TABLE \"User\" ALTER COLUMN phone SET NOT NULL;");
        assertThat(findings(helper, "set-not-null")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("drop the helper CHECK phone_nn2 afterwards"));
    }
}
