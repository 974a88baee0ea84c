package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** deploy --to names a migration: a typo must not be read as a bound that lets later migrations through. */
class DeployToTest {
    @TempDir
    Path tmp;

    @Test
    void unknownTargetIsRefusedAndNothingRuns() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_one", "CREATE TABLE one (id bigint);", "DROP TABLE one;")
                    .add("20240105000000_two", "CREATE TABLE two (id bigint);", "DROP TABLE two;");
            Manor manor = Manors.load(db, dir.root());

            // "2024011" sorts after 20240105000000: read as a bound it would deploy both.
            assertThatThrownBy(() -> manor.deploy(Deployer.Options.upTo("2024011")))
                    .isInstanceOf(ManorException.class).hasMessageContaining("no migration 2024011");
            assertThat(db.queryOne("SELECT to_regclass('public.one')")).isNull();

            assertThat(manor.deploy(Deployer.Options.upTo("20240101000000_one")).applied()).hasSize(1);
            assertThat(db.queryOne("SELECT to_regclass('public.two')")).isNull();
        }
    }
}
