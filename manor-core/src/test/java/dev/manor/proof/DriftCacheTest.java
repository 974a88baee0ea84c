package dev.manor.proof;

import dev.manor.config.ConnectionSettings;
import dev.manor.history.StatusReport;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** status's drift check rebuilds the applied migrations only when they changed, and still sees real drift. */
class DriftCacheTest {
    private static final String SCHEMA = """
            CREATE TYPE mood AS ENUM ('ok', 'sad');
            CREATE SEQUENCE ticket_no START 100;
            CREATE TABLE customer (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE,
                mood mood DEFAULT 'ok', note text CHECK (length(note) < 500));
            CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint REFERENCES customer (id) ON DELETE CASCADE,
                total numeric(12, 2) DEFAULT 0, placed_at timestamptz DEFAULT now());
            CREATE INDEX orders_customer ON orders (customer_id) WHERE total > 0;
            CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.placed_at = now(); RETURN NEW; END $$;
            CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
            COMMENT ON TABLE customer IS 'who "buys"\nthings';
            """;
    private static final String DOWN = "DROP VIEW big_orders; DROP TABLE orders; DROP TABLE customer;"
            + " DROP FUNCTION touch(); DROP SEQUENCE ticket_no; DROP TYPE mood;";

    @TempDir
    Path tmp;

    private final AtomicInteger rebuilds = new AtomicInteger();

    /** Shadows on the test server itself; counts how often the drift check needed one. */
    private Supplier<ShadowProvider> shadows(TestDb db) {
        return () -> {
            rebuilds.incrementAndGet();
            return ShadowProvider.on(new ConnectionSettings(db.server().jdbcUrl("postgres"), null, null));
        };
    }

    private DriftCheck.Result check(TestDb db, MigrationsDir dir, DriftCache cache) throws Exception {
        try (Connection c = db.connect()) {
            return DriftCheck.run(c, List.of("public"), Manors.load(db, dir.root()).status(), shadows(db),
                    dev.manor.config.DriftIgnore.NONE, cache);
        }
    }

    @Test
    void aWarmCacheGivesTheRebuildsAnswerWithoutAShadowAndStillSeesRealDrift() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations")).add("20240101000000_shop", SCHEMA, DOWN);
            Manors.load(db, dir.root()).deploy();
            DriftCache cache = DriftCache.inProject(tmp, "test target", "test server");

            DriftCheck.Result cold = check(db, dir, cache);
            assertThat(rebuilds).hasValue(1);
            assertThat(cache.file()).isRegularFile().hasParent(tmp.resolve(".manor").resolve("drift"));
            DriftCheck.Result warm = check(db, dir, cache);
            assertThat(rebuilds).hasValue(1);
            DriftCheck.Result uncached = check(db, dir, null);
            assertThat(rebuilds).hasValue(2);
            assertThat(cold.drifted()).isFalse();
            assertThat(warm).isEqualTo(cold).isEqualTo(uncached);

            db.exec("ALTER TABLE customer ADD COLUMN nickname text; DROP INDEX orders_customer");
            DriftCheck.Result drifted = check(db, dir, cache);
            assertThat(rebuilds).hasValue(2);
            assertThat(drifted.drifted()).isTrue();
            assertThat(drifted).isEqualTo(check(db, dir, null));
            assertThat(drifted.diff().changes()).extracting(c -> c.description())
                    .anyMatch(d -> d.contains("nickname")).anyMatch(d -> d.contains("orders_customer"));
        }
    }

    @Test
    void aNewOrEditedAppliedMigrationOrAnotherServerMajorRebuilds() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"))
                    .add("20240101000000_customer", "CREATE TABLE customer (id bigint PRIMARY KEY);", "DROP TABLE customer;");
            Manors.load(db, dir.root()).deploy();
            DriftCache cache = DriftCache.inProject(tmp, "test target", "test server");
            check(db, dir, cache);
            check(db, dir, cache);
            assertThat(rebuilds).hasValue(1);

            dir.add("20240102000000_orders", "CREATE TABLE orders (id bigint PRIMARY KEY);", "DROP TABLE orders;");
            assertThat(check(db, dir, cache).drifted()).isFalse(); // pending: not part of the expected schema yet
            assertThat(rebuilds).hasValue(1);
            Manors.load(db, dir.root()).deploy();
            assertThat(check(db, dir, cache).drifted()).isFalse();
            assertThat(rebuilds).hasValue(2);
            check(db, dir, cache);
            assertThat(rebuilds).hasValue(2);

            // Edited after apply: its current text stands in, so the cached schema of the old text must not.
            dir.add("20240102000000_orders", "CREATE TABLE orders (id bigint PRIMARY KEY, total int);", "DROP TABLE orders;");
            DriftCheck.Result edited = check(db, dir, cache);
            assertThat(rebuilds).hasValue(3);
            assertThat(edited.diff().changes()).extracting(c -> c.description()).anyMatch(d -> d.contains("total"));

            assertThat(cache.key(15, List.of("public"), List.of(), List.of()))
                    .isNotEqualTo(cache.key(17, List.of("public"), List.of(), List.of()))
                    .isNotEqualTo(cache.key(15, List.of("app"), List.of(), List.of()))
                    .isNotEqualTo(cache.key(15, List.of("public"), List.of(), List.of(new StatusReport.Repeatable("v", "repeatable/v.sql",
                            StatusReport.RepeatableState.APPLIED, "CREATE VIEW v AS SELECT 1"))));
        }
    }

    @Test
    void aDamagedCacheFileIsRebuiltOver() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations")).add("20240101000000_shop", SCHEMA, DOWN);
            Manors.load(db, dir.root()).deploy();
            DriftCache cache = DriftCache.inProject(tmp, "test target", "test server");
            DriftCheck.Result good = check(db, dir, cache);
            String written = Files.readString(cache.file());

            Files.writeString(cache.file(), written.substring(0, written.length() / 2)); // a write cut short
            assertThat(check(db, dir, cache)).isEqualTo(good);
            assertThat(rebuilds).hasValue(2);
            assertThat(Files.readString(cache.file())).isEqualTo(written);

            // A snapshot that no longer parses under a whole header: an unchanged live schema is known by the
            // fingerprint alone (no rebuild); a drifted one needs the snapshot, so the cache is rebuilt.
            Files.writeString(cache.file(), written.replace("{", "{oops"));
            assertThat(check(db, dir, cache)).isEqualTo(good);
            assertThat(rebuilds).hasValue(2);
            db.exec("ALTER TABLE customer ADD COLUMN nickname text");
            assertThat(check(db, dir, cache).diff().changes()).extracting(c -> c.description())
                    .anyMatch(d -> d.contains("nickname"));
            assertThat(rebuilds).hasValue(3);
            db.exec("ALTER TABLE customer DROP COLUMN nickname");
            assertThat(Files.readString(cache.file())).isEqualTo(written);

            Files.writeString(cache.file(), "garbage");
            assertThat(check(db, dir, cache)).isEqualTo(good);
            assertThat(rebuilds).hasValue(4);
            check(db, dir, cache);
            assertThat(rebuilds).hasValue(4);
            try (var leftovers = Files.list(cache.file().getParent())) {
                assertThat(leftovers).containsExactly(cache.file()); // no temp files left behind
            }
        }
    }
}
