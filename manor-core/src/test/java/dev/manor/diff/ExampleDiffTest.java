package dev.manor.diff;

import dev.manor.DeployOptions;
import dev.manor.GateRefusedException;
import dev.manor.Manor;
import dev.manor.RollbackTarget;
import dev.manor.config.ConnectionSettings;
import dev.manor.proof.Paths;
import dev.manor.testing.Manors;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The "done when": on the example, a schema file that adds a required column, an index and a foreign key
 * gives a plan that deploys through Manor (analysis gate observing, no error finding) and round-trips.
 */
class ExampleDiffTest {
    /** The example's schema file (its end state, written by hand) plus a required column, an index and a foreign key. */
    static String desired() throws IOException {
        String example = Files.readString(exampleDir().resolve("schema/schema.sql"));
        return example
                .replace("    \"displayName\" TEXT,\n", "    \"displayName\" TEXT,\n    \"countryCode\" TEXT NOT NULL,\n"
                        + "    \"invitedById\" UUID,\n")
                .replace("    CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")\n", "    CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"),\n"
                        + "    CONSTRAINT \"User_invitedById_fkey\" FOREIGN KEY (\"invitedById\") REFERENCES \"User\"(\"id\")\n")
                + "CREATE INDEX \"User_lastName_idx\" ON \"User\"(\"lastName\");\n";
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("dev.manor.testing.PgServers#costlyMajors")
    void requiredColumnIndexAndForeignKeyDeployAndRoundTrip(int major) throws IOException {
        Path migrations = copyExample(tmp);
        Files.createDirectories(tmp.resolve("schema"));
        String desired = desired();
        assertThat(desired).contains("countryCode").contains("User_invitedById_fkey");
        try (TestDb db = PgServers.freshDb(major)) {
            // The example itself is proven elsewhere: set up without its gate, to keep the suite fast.
            Manor manor = Manors.on(db, migrations).projectDir(tmp).skipSafetyChecks("test setup")
                    .shadowServer(new ConnectionSettings(db.url(), null, null)).load();
            manor.deploy();
            db.exec("""
                    INSERT INTO "User" (email, "firstName", "lastName", phone)
                    SELECT 'u' || g || '@example.org', 'F' || g, 'L' || g, '555' FROM generate_series(1, 300) g""");

            // The example's own schema file is its migrations' end state.
            Files.writeString(tmp.resolve("schema/schema.sql"), Files.readString(exampleDir().resolve("schema/schema.sql")));
            assertThat(manor.diff(DiffOptions.defaults()).matches()).isTrue();
            Files.writeString(tmp.resolve("schema/schema.sql"), desired);

            DiffResult result = manor.diff(DiffOptions.defaults().withBackfills(Map.of("User.countryCode", "'IN'")));

            assertThat(result.hazards()).isEmpty();
            assertThat(result.written()).extracting(p -> p.getFileName().toString().substring(15)).containsExactly(
                    "add_user_country_code", "add_user_invited_by_id", "index_user_last_name_idx",
                    "make_user_country_code_required_check", "make_user_country_code_required_set_not_null",
                    "add_user_invited_by_id_fkey", "validate_user_invited_by_id_fkey");
            // The change planner's steps, with its plan marker (the same migrations as manor new --change make-required).
            assertThat(Files.readString(result.written().get(3).resolve("migration.sql")))
                    .contains("-- manor:plan make_user_country_code_required step 1/2");
            assertThat(Files.readString(result.written().get(2).resolve("migration.sql")))
                    .startsWith("-- manor:no-transaction").contains("CREATE INDEX CONCURRENTLY \"User_lastName_idx\"");
            assertThat(Files.readString(result.written().get(5).resolve("migration.sql"))).contains("NOT VALID");

            // Through the analysis gate (observing on a shadow, refused on any error finding) and the plan gate: the
            // make-required check waits for a person to confirm that every application version writes the column.
            Manor gated = manor(db, migrations);
            gated.deploy(DeployOptions.defaults().upTo(result.written().get(2).getFileName().toString().substring(0, 14)));
            assertThatThrownBy(gated::deploy).isInstanceOf(GateRefusedException.class).hasMessageContaining("waits for");
            gated.confirm("make_user_country_code_required", "every app version writes countryCode (test)");
            gated.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM \"User\" WHERE \"countryCode\" = 'IN'")).isEqualTo(300L);
            Manor again = Manors.on(db, migrations).projectDir(tmp).skipSafetyChecks("gate passed above")
                    .shadowServer(new ConnectionSettings(db.url(), null, null)).load();
            again.rollback(RollbackTarget.steps(7));
            assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns WHERE column_name = 'countryCode'"))
                    .isEqualTo(0L);
            again.deploy();
            assertThat(db.queryOne("SELECT attnotnull FROM pg_attribute WHERE attrelid = '\"User\"'::regclass"
                    + " AND attname = 'countryCode'")).isEqualTo(true);
            assertThat(again.diff(DiffOptions.defaults()).matches()).isTrue();
        }
    }

    static Manor manor(TestDb db, Path migrations) {
        return Manors.on(db, migrations).projectDir(migrations.getParent())
                .shadowServer(new ConnectionSettings(db.url(), null, null)).load();
    }

    static Path exampleDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples/indian-village-manor/migrations"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("examples/indian-village-manor not found");
        }
        return dir.resolve("examples/indian-village-manor");
    }

    static Path copyExample(Path to) {
        try {
            Path migrations = to.resolve("migrations");
            Paths.copyTree(exampleDir().resolve("migrations"), migrations);
            return migrations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Integer> majors() {
        return PgServers.majors();
    }
}
