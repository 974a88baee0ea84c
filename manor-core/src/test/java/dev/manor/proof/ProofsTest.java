package dev.manor.proof;

import dev.manor.Manor;
import dev.manor.config.ConnectionSettings;
import dev.manor.history.StatusReport;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProofsTest {
    @TempDir
    Path tmp;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    private MigrationsDir shop(Path root) {
        return new MigrationsDir(root)
                .add("20240101000000_customer", "CREATE TABLE customer (id bigint PRIMARY KEY, email varchar(40) NOT NULL UNIQUE,"
                        + " kind text NOT NULL CHECK (kind <> ''), joined timestamptz NOT NULL);", "DROP TABLE customer;")
                .add("20240102000000_orders", "CREATE TYPE status AS ENUM ('new', 'paid');\n"
                        + "CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id bigint NOT NULL"
                        + " REFERENCES customer (id), status status NOT NULL, total numeric(8,2) NOT NULL CHECK (total >= 0),"
                        + " note text, line_no int GENERATED ALWAYS AS IDENTITY);", "DROP TABLE orders; DROP TYPE status;");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void syntheticDataSatisfiesForeignKeysUniqueAndChecks(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            Manors.load(db, shop(tmp).root()).deploy();
            try (Connection c = db.connect()) {
                SyntheticData.Result r = SyntheticData.fill(c, List.of("public"), t -> 2000, SyntheticData.Listener.SILENT);
                assertThat(r.skipped()).isEmpty();
                assertThat(r.inserted()).containsEntry("public.customer", 2000L).containsEntry("public.orders", 2000L);
                // A second fill continues the numbering, so unique columns stay unique.
                SyntheticData.fill(c, List.of("public"), t -> 500, SyntheticData.Listener.SILENT);
            }
            assertThat(db.queryOne("SELECT count(*) FROM customer")).isEqualTo(2500L);
            assertThat(db.queryOne("SELECT count(DISTINCT email) FROM customer")).isEqualTo(2500L);
            assertThat(db.queryOne("SELECT count(*) FROM orders o JOIN customer c ON c.id = o.customer_id")).isEqualTo(2500L);
        }
    }

    @Test
    void incrementalAndFreshDisagreeWhenAnOldMigrationIsEdited() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir current = shop(tmp.resolve("now"));
            Path older = IncrementalProof.upToId(current.root(), "20240101000000", tmp.resolve("old"));
            ProofSettings settings = new ProofSettings(current.root(), null, List.of("public"), 0);
            ShadowProvider provider = ShadowProvider.on(new ConnectionSettings(db.url(), null, null));

            assertThat(new IncrementalProof(settings).run(provider, older, "20240101000000").passed()).isTrue();

            // The old migration as it was deployed differs from today's file: an edit after release.
            Files.writeString(older.resolve("20240101000000_customer/migration.sql"),
                    "CREATE TABLE customer (id bigint PRIMARY KEY, email varchar(40) NOT NULL UNIQUE,"
                            + " kind text NOT NULL CHECK (kind <> ''), joined timestamptz NOT NULL, legacy int);");
            ProofReport edited = new IncrementalProof(settings).run(provider, older, "v1");
            assertThat(edited.passed()).isFalse();
            assertThat(String.join("\n", edited.cases().get(0).problems())).contains("20240101000000_customer")
                    .contains("edited after it was applied");
        }
    }

    @Test
    void incrementalCatchesOrderDependence() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir current = shop(tmp.resolve("now"))
                    .add("20240101120000_widen_email", "ALTER TABLE customer ALTER COLUMN email TYPE varchar(80);",
                            "ALTER TABLE customer ALTER COLUMN email TYPE varchar(40);");
            Path older = tmp.resolve("old");
            shop(older); // released before the widen migration existed; it arrives with an older id
            ProofSettings settings = new ProofSettings(current.root(), null, List.of("public"), 0);
            ProofReport report = new IncrementalProof(settings)
                    .run(ShadowProvider.on(new ConnectionSettings(db.url(), null, null)), older, "v1");
            assertThat(report.passed()).isTrue(); // same schema either way: order does not matter here
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void driftAppearsAfterAManualAlterTable(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            Manor manor = Manors.load(db, shop(tmp).root());
            manor.deploy();
            ShadowProvider provider = ShadowProvider.on(new ConnectionSettings(db.url(), null, null));
            StatusReport status = manor.status();
            try (Connection c = db.connect()) {
                assertThat(DriftCheck.run(c, List.of("public"), status, provider).drifted()).isFalse();
            }
            db.exec("ALTER TABLE customer ADD COLUMN hotfix text; CREATE INDEX orders_note_idx ON orders (note)");
            try (Connection c = db.connect()) {
                DriftCheck.Result drift = DriftCheck.run(c, List.of("public"), status, provider);
                assertThat(drift.drifted()).isTrue();
                assertThat(drift.diff().render()).contains("customer.hotfix").contains("orders_note_idx");
            }
        }
    }

    @Test
    void freshRunsVerifyScriptsAndFailsOnABrokenOne() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = shop(tmp)
                    .write("20240101000000_customer", "verify.sql", "SELECT id, email FROM customer LIMIT 0;")
                    .write("20240102000000_orders", "verify.sql", "SELECT missing_column FROM orders;");
            ProofReport report = new FreshProof(new ProofSettings(dir.root(), null, List.of("public"), 0))
                    .run(ShadowProvider.on(new ConnectionSettings(db.url(), null, null)));
            assertThat(report.cases().get(0).passed()).isTrue();
            assertThat(report.cases().get(1).passed()).isFalse();
            assertThat(report.cases().get(1).problems().get(0)).contains("verify.sql:1").contains("missing_column");
            Path junit = tmp.resolve("out/report.xml");
            report.writeJunit(junit);
            assertThat(Files.readString(junit)).contains("<testcase classname=\"manor.fresh\" name=\"20240102000000_orders\"")
                    .contains("<failure message=");
        }
    }

    @Test
    void perfTimesPendingMigrationsOnFilledTables() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = shop(tmp).add("20240103000000_customer_name",
                    "ALTER TABLE customer ADD COLUMN name text DEFAULT 'x';\nALTER TABLE customer ALTER COLUMN name SET NOT NULL;",
                    "ALTER TABLE customer DROP COLUMN name;");
            ProofReport report = new PerfProof(new ProofSettings(dir.root(), null, List.of("public"), 0))
                    .run(ShadowProvider.on(new ConnectionSettings(db.url(), null, null)), java.util.Set.of("20240103000000"),
                            t -> 20_000, SyntheticData.Listener.SILENT);
            assertThat(report.passed()).isTrue();
            assertThat(report.notes()).contains("filled public.customer with 20000 rows");
            assertThat(report.cases()).hasSize(1);
            assertThat(report.cases().get(0).details()).anyMatch(d -> d.startsWith("locks: ") && d.contains("AccessExclusiveLock"))
                    .anyMatch(d -> d.equals("full scan: public.customer"));
        }
    }
}
