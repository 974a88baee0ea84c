package dev.manor.deploy.backfill;

import dev.manor.Manor;
import dev.manor.deploy.DeployListener;
import dev.manor.migration.Migration;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackfillTest {
    private static final String COUNTED_TABLE = """
            CREATE TABLE item (id bigint PRIMARY KEY, updates int NOT NULL DEFAULT 0);
            INSERT INTO item (id) SELECT g FROM generate_series(1, 5000) g;
            CREATE TABLE fail_once (armed boolean NOT NULL);
            INSERT INTO fail_once VALUES (true);
            CREATE FUNCTION count_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.id = 2600 AND (SELECT armed FROM fail_once) THEN
                    RAISE EXCEPTION 'injected failure at row 2600';
                END IF;
                NEW.updates := OLD.updates + 1;
                RETURN NEW;
            END $$;
            CREATE TRIGGER item_counts BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION count_update();
            """;

    @TempDir
    Path tmp;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest
    @MethodSource("majors")
    void aBackfillThatFailsHalfwayResumesAndUpdatesEveryRowExactlyOnce(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec(COUNTED_TABLE);
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_add_label",
                    "ALTER TABLE item ADD COLUMN label text;", "ALTER TABLE item DROP COLUMN label;")
                    // no WHERE: a batch run twice would show as updates = 2
                    .write("20240101000000_add_label", "backfill.sql",
                            "-- manor:backfill batch=500\nUPDATE item SET label = 'L' || id;\n");
            List<String> failures = new CopyOnWriteArrayList<>();
            Manor manor = Manors.on(db, dir.root()).listener(new DeployListener() {
                @Override
                public void backfillFailed(Migration m, String error) {
                    failures.add(error);
                }
            }).load();
            assertThatThrownBy(manor::deploy).hasMessageContaining("injected failure at row 2600")
                    .hasMessageContaining("backfill.sql").hasMessageContaining("2500 rows were updated");
            assertThat(failures).hasSize(1);
            assertThat(db.queryOne("SELECT status FROM manor.manor_migrations")).isEqualTo("applied");
            assertThat(db.queryOne("SELECT status || ' ' || last_key || ' ' || rows_done FROM manor.manor_backfills"))
                    .isEqualTo("failed 2500 2500");
            assertThat(db.queryOne("SELECT count(*) FROM item WHERE label IS NOT NULL")).isEqualTo(2500L);

            db.exec("UPDATE fail_once SET armed = false");
            manor.deploy();
            assertThat(db.queryOne("SELECT status || ' ' || last_key || ' ' || rows_done FROM manor.manor_backfills"))
                    .isEqualTo("done 5000 5000");
            assertThat(db.queryOne("SELECT count(*) FROM item WHERE updates = 1 AND label = 'L' || id")).isEqualTo(5000L);
            assertThat(db.queryOne("SELECT max(updates) FROM item")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("majors")
    void aBackfillKilledByCancellingItsBackendResumesWhereItStopped(int major) throws Exception {
        try (TestDb db = PgServers.freshDb(major)) {
            db.exec(COUNTED_TABLE.replace("RAISE EXCEPTION 'injected failure at row 2600'",
                    "PERFORM pg_cancel_backend(pg_backend_pid())"));
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_add_label",
                    "ALTER TABLE item ADD COLUMN label text;", "ALTER TABLE item DROP COLUMN label;")
                    .write("20240101000000_add_label", "backfill.sql",
                            "-- manor:backfill batch=300 pause=1ms\nUPDATE item SET label = 'L' || id;\n");
            Manor manor = Manors.load(db, dir.root());
            assertThatThrownBy(manor::deploy).hasMessageContaining("canceling statement due to user request");
            db.exec("UPDATE fail_once SET armed = false");
            manor.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM item WHERE updates = 1 AND label = 'L' || id")).isEqualTo(5000L);
            assertThat(db.queryOne("SELECT status FROM manor.manor_backfills")).isEqualTo("done");
        }
    }

    @Test
    void anAdaptiveBackfillWalksUuidKeysAndLeavesRowsOutsideItsWhereAlone() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("""
                    CREATE TABLE "User" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), "firstName" text, n int);
                    INSERT INTO "User" ("firstName", n) SELECT 'u' || g, g FROM generate_series(1, 3000) g;
                    """);
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_add_display",
                    "ALTER TABLE \"User\" ADD COLUMN \"displayName\" text;",
                    "ALTER TABLE \"User\" DROP COLUMN \"displayName\";")
                    .write("20240101000000_add_display", "backfill.sql", """
                            -- manor:backfill batch=50 target=200ms
                            UPDATE "User" SET "displayName" = "firstName" || ' (' || n || ')' WHERE n % 3 <> 0;
                            """);
            List<BackfillProgress> progress = new CopyOnWriteArrayList<>();
            Manor manor = Manors.on(db, dir.root()).listener(new DeployListener() {
                @Override
                public void backfillProgress(Migration m, BackfillProgress p) {
                    progress.add(p);
                }
            }).load();
            manor.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM \"User\" WHERE \"displayName\" IS NOT NULL")).isEqualTo(2000L);
            assertThat(db.queryOne("SELECT count(*) FROM \"User\" WHERE n % 3 = 0 AND \"displayName\" IS NULL"))
                    .isEqualTo(1000L);
            assertThat(progress).isNotEmpty();
            assertThat(progress.get(progress.size() - 1).rowsUpdated()).isEqualTo(2000L);
            assertThat(progress.get(progress.size() - 1).keysWalked()).isEqualTo(3000L);
            assertThat(progress.stream().mapToInt(BackfillProgress::batchSize).max().orElse(0))
                    .as("quick batches grow towards the target").isGreaterThan(50);
        }
    }

    @Test
    void aBackfillWalksVarcharKeysInTheirCollationOrderAndRecordsEveryBatch() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("""
                    CREATE TABLE code (id varchar(20) PRIMARY KEY, n int NOT NULL, label text);
                    INSERT INTO code SELECT 'k' || g, g FROM generate_series(1, 1000) g;
                    """);
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_label_codes", "SELECT 1;", "SELECT 1;")
                    .write("20240101000000_label_codes", "backfill.sql",
                            "-- manor:backfill batch=300\nUPDATE code SET label = 'L' || n;\n");
            Manors.load(db, dir.root()).deploy();
            assertThat(db.queryOne("SELECT count(*) FROM code WHERE label = 'L' || n")).isEqualTo(1000L);
            // 1,000 keys in fixed batches of 300: four batches, the last key the greatest in the key's order
            assertThat(db.queryOne("SELECT status || ' ' || batches || ' ' || rows_done || ' ' || last_key"
                    + " FROM manor.manor_backfills")).isEqualTo("done 4 1000 " + db.queryOne("SELECT max(id) FROM code"));
        }
    }

    @Test
    void adaptingAimsBelowTheTargetGrowsAtMostTwofoldAndShrinksAtOnce() {
        Duration target = Duration.ofMillis(200);
        // 0.1 ms per key: 60 % of 200 ms is 1,200 keys
        assertThat(BackfillRunner.adapt(1000, 1000, 100, target)).isEqualTo(1200);
        // quick batches grow, but at most twofold
        assertThat(BackfillRunner.adapt(1000, 1000, 10, target)).isEqualTo(2000);
        // a batch that ran twice the target shrinks to what fits, not just by half
        assertThat(BackfillRunner.adapt(1000, 1000, 400, target)).isEqualTo(300);
        // the last, short batch of a table is judged per key, not as a whole
        assertThat(BackfillRunner.adapt(1000, 100, 10, target)).isEqualTo(1200);
        assertThat(BackfillRunner.adapt(12, 12, 10_000, target)).isEqualTo(10);
        assertThat(BackfillRunner.adapt(500, 500, 0, target)).isEqualTo(1000);
    }

    @Test
    void backfillFilesOutsideTheSupportedShapeAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> BackfillSpec.parse("UPDATE a SET x = 1 FROM b WHERE a.id = b.id;", "m/backfill.sql"))
                .hasMessageContaining("FROM or RETURNING");
        assertThatThrownBy(() -> BackfillSpec.parse("UPDATE a SET x = 1; UPDATE b SET y = 2;", "m/backfill.sql"))
                .hasMessageContaining("exactly one UPDATE");
        assertThatThrownBy(() -> BackfillSpec.parse("-- manor:backfill batch=0\nUPDATE a SET x = 1;", "m/backfill.sql"))
                .hasMessageContaining("not a positive number");
        BackfillSpec spec = BackfillSpec.parse("-- c\n-- manor:backfill batch=5000 pause=50ms\nUPDATE \"User\" SET a = "
                + "(SELECT 1 WHERE true) WHERE a IS NULL;", "m/backfill.sql");
        assertThat(spec.table()).isEqualTo("\"User\"");
        assertThat(spec.set()).isEqualTo("a = (SELECT 1 WHERE true)");
        assertThat(spec.where()).isEqualTo("a IS NULL");
        assertThat(spec.batch()).isEqualTo(5000);
        assertThat(spec.pause()).isEqualTo(Duration.ofMillis(50));
        assertThat(spec.adaptive()).isFalse();
        BackfillSpec distinct = BackfillSpec.parse("UPDATE t SET b = a WHERE b IS DISTINCT FROM a;", "m/backfill.sql");
        assertThat(distinct.where()).isEqualTo("b IS DISTINCT FROM a");
        // without settings a backfill adapts to the default target; a batch size alone means fixed batches
        assertThat(distinct.adaptive()).isTrue();
        assertThat(distinct.target()).isEqualTo(BackfillSpec.DEFAULT_TARGET);
        assertThat(distinct.batch()).isEqualTo(BackfillSpec.DEFAULT_BATCH);
        assertThat(BackfillSpec.parse("-- manor:backfill pause=10ms\nUPDATE t SET b = a;", "m/backfill.sql").adaptive())
                .isTrue();
        assertThat(distinct.existingRowsOnly()).isFalse();
        assertThat(BackfillSpec.parse("-- manor:backfill rows=existing\nUPDATE t SET b = a;", "m/backfill.sql")
                .existingRowsOnly()).isTrue();
        assertThatThrownBy(() -> BackfillSpec.parse("-- manor:backfill rows=new\nUPDATE t SET b = a;", "m/backfill.sql"))
                .hasMessageContaining("m/backfill.sql:1: rows=new is not 'existing' or 'all'");
    }

    @ParameterizedTest
    @MethodSource("walks")
    void rowsExistingWalksTheKeysPresentAtTheStartAndStopsWhileInsertsGoOn(boolean existingOnly) throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("""
                    CREATE TABLE item (id bigserial PRIMARY KEY, label text);
                    INSERT INTO item (label) SELECT NULL FROM generate_series(1, 2000);
                    CREATE TABLE empty (id int PRIMARY KEY, label text);
                    """);
            MigrationsDir dir = new MigrationsDir(tmp).add("20240101000000_label", "SELECT 1;", "SELECT 1;")
                    .write("20240101000000_label", "backfill.sql", "-- manor:backfill batch=200"
                            + (existingOnly ? " rows=existing" : "") + "\nUPDATE item SET label = 'L' || id;\n")
                    .add("20240101000001_empty", "SELECT 1;", "SELECT 1;")
                    .write("20240101000001_empty", "backfill.sql", "-- manor:backfill rows=existing\n"
                            + "UPDATE empty SET label = 'L';\n");
            // an application inserting at the end of the key range while the backfill walks: 100 rows per batch
            Manor manor = Manors.on(db, dir.root()).listener(new DeployListener() {
                @Override
                public void backfillProgress(Migration m, BackfillProgress p) {
                    if (m.id().equals("20240101000000") && p.keysWalked() < 6000) {
                        db.exec("INSERT INTO item (label) SELECT NULL FROM generate_series(1, 100)");
                    }
                }
            }).load();
            manor.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM item WHERE id <= 2000 AND label = 'L' || id")).isEqualTo(2000L);
            if (existingOnly) {
                // ten batches of the 2,000 rows there at the start; the 1,000 inserted meanwhile are left alone
                assertThat(db.queryOne("SELECT count(*) FROM item WHERE label IS NULL")).isEqualTo(1000L);
                assertThat(db.queryOne("SELECT last_key || ' ' || batches FROM manor.manor_backfills"
                        + " WHERE migration_id = '20240101000000'")).isEqualTo("2000 10");
            } else {
                // the walk follows the inserts to the end of the key range
                assertThat(db.queryOne("SELECT count(*) FROM item WHERE label IS NULL")).isEqualTo(0L);
            }
            assertThat(db.queryOne("SELECT status || ' ' || batches || ' ' || coalesce(last_key, '-')"
                    + " FROM manor.manor_backfills WHERE migration_id = '20240101000001'")).isEqualTo("done 0 -");
        }
    }

    static List<Boolean> walks() {
        return List.of(true, false);
    }
}
