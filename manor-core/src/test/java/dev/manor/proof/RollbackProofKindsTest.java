package dev.manor.proof;

import dev.manor.config.ConnectionSettings;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A history mixing good, broken, irreversible and data-dependent downs: every migration gets its kind. */
class RollbackProofKindsTest {
    @TempDir
    Path tmp;

    private static final String ACCOUNT = "CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);";
    private static final String NOTE = "CREATE TABLE note (id bigint PRIMARY KEY, body text);";

    @org.junit.jupiter.api.Test
    void everyMigrationIsReportedWithItsKindAndNoFailureComesFromTheSampleRows() {
        MigrationsDir dir = new MigrationsDir(tmp)
                .add("20240101000000_base", ACCOUNT + "\n" + NOTE, "DROP TABLE note;\nDROP TABLE account;")
                .add("20240102000000_leaves_index", "CREATE INDEX account_email_idx ON account (email);", "SELECT 1;")
                .add("20240103000000_loses_rows", "ALTER TABLE note ADD COLUMN nick text;",
                        "DROP TABLE note;\n" + NOTE)
                .add("20240104000000_down_errors", "CREATE TABLE tag (id int);", "-- drops it\n\nDROP TABLE tagz;")
                .add("20240105000000_lowercase", "UPDATE account SET email = lower(email);",
                        "-- manor:irreversible because emails are lowercased in place")
                .add("20240106000000_owner_required", "ALTER TABLE account ADD COLUMN owner_id bigint NOT NULL;",
                        "ALTER TABLE account DROP COLUMN owner_id;")
                .add("20240107000000_team_fk", "CREATE TABLE team (id bigint PRIMARY KEY);\n"
                                + "ALTER TABLE account ADD CONSTRAINT account_team_fk FOREIGN KEY (id) REFERENCES team (id);",
                        "ALTER TABLE account DROP CONSTRAINT account_team_fk;\nDROP TABLE team;")
                .add("20240108000000_stamp_view", "CREATE VIEW build_stamp AS SELECT 'now'::timestamp AS built_at;",
                        "DROP VIEW build_stamp;")
                .add("20240109000000_good", "ALTER TABLE account ADD COLUMN phone text DEFAULT 'none';",
                        "ALTER TABLE account DROP COLUMN phone;");
        try (TestDb db = PgServers.freshDb()) {
            ProofReport report = new RollbackProof(new ProofSettings(dir.root(), null, List.of("public"), 10))
                    .run(ShadowProvider.on(new ConnectionSettings(db.url(), null, null)), null);

            Map<String, ProofCase.Kind> kinds = report.cases().stream()
                    .collect(Collectors.toMap(ProofCase::name, ProofCase::kind, (a, b) -> a, java.util.LinkedHashMap::new));
            assertThat(kinds).containsExactly(
                    Map.entry("20240101000000_base", ProofCase.Kind.PROVEN),
                    Map.entry("20240102000000_leaves_index", ProofCase.Kind.OBJECT),
                    Map.entry("20240103000000_loses_rows", ProofCase.Kind.ROWS),
                    Map.entry("20240104000000_down_errors", ProofCase.Kind.DOWN_ERROR),
                    Map.entry("20240105000000_lowercase", ProofCase.Kind.IRREVERSIBLE),
                    Map.entry("20240106000000_owner_required", ProofCase.Kind.ASSUMES_DATA),
                    Map.entry("20240107000000_team_fk", ProofCase.Kind.ASSUMES_DATA),
                    Map.entry("20240108000000_stamp_view", ProofCase.Kind.PROVEN),
                    Map.entry("20240109000000_good", ProofCase.Kind.PROVEN));

            assertThat(problems(report, 1)).contains("leaves index account_email_idx behind");
            assertThat(problems(report, 2)).contains("table public.note had 10 rows before up and 0 after down");
            assertThat(problems(report, 3)).contains("20240104000000_down_errors/down.sql:3")
                    .contains("SQLSTATE 42P01");
            assertThat(report.cases().get(4).details()).anySatisfy(d -> assertThat(d)
                    .contains("irreversible because emails are lowercased in place"));
            assertThat(report.cases().get(5).details()).anySatisfy(d -> assertThat(d)
                    .contains("assumes data that satisfies its new constraint"));
            assertThat(report.cases().get(7).details()).anySatisfy(d -> assertThat(d)
                    .contains("differs only in a time literal"));

            assertThat(report.failures()).isEqualTo(3);
            assertThat(report.summary()).isEqualTo("6 passed, 3 failed, 0 skipped, 0 not tried (irreversible 1,"
                    + " assumes data 2, object left or removed 1, rows lost or changed 1, down error 1)");
            assertThat(report.toJson()).contains("\"kind\" : \"assumes_data\"").contains("\"down_error\" : 1")
                    .contains("\"irreversible\" : 1");
        }
    }

    private static String problems(ProofReport report, int i) {
        return String.join("\n", report.cases().get(i).problems());
    }
}
