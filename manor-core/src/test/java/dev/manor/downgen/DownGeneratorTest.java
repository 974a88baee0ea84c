package dev.manor.downgen;

import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.proof.ProofCase;
import dev.manor.proof.ProofReport;
import dev.manor.proof.ProofSettings;
import dev.manor.proof.RollbackProof;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Generated downs on a mixed history: each is proven, or declared irreversible with its reason. */
class DownGeneratorTest {
    @TempDir
    Path tmp;

    static final String IMPORTED = "-- manor:irreversible because imported from Prisma without a down script\n";

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void everyMissingDownIsGeneratedAndProvenOrDeclaredIrreversible(int major) throws Exception {
        MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"))
                .add("20240101000000_init", """
                        CREATE TYPE role AS ENUM ('member', 'admin');
                        CREATE TABLE "User" (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE,
                                             role role NOT NULL DEFAULT 'member', created_at timestamptz DEFAULT now());
                        CREATE INDEX user_created_idx ON "User" (created_at);
                        COMMENT ON TABLE "User" IS 'people';""", null)
                .add("20240102000000_team", """
                        CREATE TABLE team (id bigint PRIMARY KEY, name text);
                        ALTER TABLE "User" ADD COLUMN team_id bigint REFERENCES team (id);
                        CREATE INDEX user_team_idx ON "User" (team_id);""", IMPORTED)
                .add("20240103000000_alter", """
                        ALTER TABLE "User" ALTER COLUMN email TYPE varchar(200);
                        ALTER TABLE "User" ALTER COLUMN created_at SET NOT NULL;
                        ALTER TABLE "User" ALTER COLUMN role SET DEFAULT 'admin';
                        COMMENT ON COLUMN "User".email IS 'login';
                        COMMENT ON TABLE "User" IS 'everyone';""", null)
                .add("20240104000000_rename", """
                        DROP INDEX user_created_idx;
                        ALTER TABLE "User" RENAME COLUMN email TO mail;
                        ALTER TABLE team ADD CONSTRAINT team_name_set CHECK (name IS NOT NULL) NOT VALID;""", null)
                .add("20240105000000_view", """
                        CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) $$;
                        CREATE VIEW loud_users AS SELECT id, shout(mail) AS mail FROM "User";""", null)
                .add("20240106000000_role_value", "ALTER TYPE role ADD VALUE 'owner';", null)
                .add("20240107000000_drop_created", "ALTER TABLE \"User\" DROP COLUMN created_at;", null)
                .add("20240108000000_lowercase", "UPDATE \"User\" SET mail = lower(mail);", null)
                .add("20240109000000_by_hand", "CREATE TABLE kept (id int);", "DROP TABLE kept;");
        try (TestDb db = PgServers.freshDb(major)) {
            ShadowProvider shadows = ShadowProvider.on(new ConnectionSettings(db.url(), null, null));
            DownGenerator generator = new DownGenerator(dir.root(), List.of("public"), 10);
            DownReport report = generator.generate(shadows, List.of(), false);

            Map<String, DownReport.Outcome> outcomes = report.entries().stream().collect(Collectors.toMap(
                    DownReport.Entry::migration, DownReport.Entry::outcome, (a, b) -> a, java.util.LinkedHashMap::new));
            assertThat(outcomes).as(String.join("\n", report.lines())).containsExactly(
                    Map.entry("20240101000000_init", DownReport.Outcome.PROVEN),
                    Map.entry("20240102000000_team", DownReport.Outcome.PROVEN),
                    Map.entry("20240103000000_alter", DownReport.Outcome.PROVEN),
                    Map.entry("20240104000000_rename", DownReport.Outcome.PROVEN),
                    Map.entry("20240105000000_view", DownReport.Outcome.PROVEN),
                    Map.entry("20240106000000_role_value", DownReport.Outcome.IRREVERSIBLE),
                    Map.entry("20240107000000_drop_created", DownReport.Outcome.IRREVERSIBLE),
                    Map.entry("20240108000000_lowercase", DownReport.Outcome.IRREVERSIBLE));
            assertThat(report.summary()).startsWith("8 generated: 5 proven, 3 irreversible, 0 failed");

            assertThat(down(dir, "20240106000000_role_value")).contains("-- manor:irreversible because it adds value"
                    + " 'owner' to enum role, and PostgreSQL cannot drop a value from an enum");
            assertThat(down(dir, "20240107000000_drop_created")).contains("drops column User.created_at, and its values"
                    + " cannot be restored").contains("--   ALTER TABLE"); // the structure, as comments
            assertThat(down(dir, "20240108000000_lowercase")).contains("20240108000000_lowercase/migration.sql:1 changes"
                    + " rows of \"User\" (UPDATE)");
            assertThat(down(dir, "20240104000000_rename")).contains("RENAME COLUMN \"mail\" TO \"email\"")
                    .contains("CREATE INDEX user_created_idx");
            assertThat(down(dir, "20240109000000_by_hand")).isEqualTo("DROP TABLE kept;");

            // The written scripts hold up in the ordinary proof, which now runs over every migration.
            ProofReport proof = new RollbackProof(new ProofSettings(dir.root(), null, List.of("public"), 10))
                    .run(shadows, null);
            assertThat(proof.passed()).as(String.join("\n", proof.lines())).isTrue();
            assertThat(proof.kindCounts()).containsEntry(ProofCase.Kind.IRREVERSIBLE, 3L)
                    .containsEntry(ProofCase.Kind.PROVEN, 6L);

            // Nothing is missing any more, and a hand-written down is not replaced without --force.
            assertThat(generator.generate(shadows, List.of(), false).entries()).isEmpty();
            assertThatThrownBy(() -> generator.generate(shadows, List.of("20240109000000"), false))
                    .isInstanceOf(ManorException.class).hasMessageContaining("by_hand/down.sql is written by hand; use"
                            + " --force");
        }
    }

    private static String down(MigrationsDir dir, String folder) throws Exception {
        return Files.readString(dir.root().resolve(folder).resolve("down.sql"));
    }

    static List<Integer> majors() {
        return PgServers.majors();
    }
}
