package dev.manor.deploy.backfill;

import dev.manor.DeployOptions;
import dev.manor.Manor;
import dev.manor.deploy.DeployResult;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Deploys that leave backfills to a later run (the Spring Boot starter's background mode). */
class DeferredBackfillTest {
    @TempDir
    Path tmp;

    @Test
    void aDeferredDeployStopsAfterTheFirstBackfillsDdlAndTheNextDeployFinishesInOrder() {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE TABLE item (id bigint PRIMARY KEY); INSERT INTO item SELECT generate_series(1, 300);");
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_add_label", "ALTER TABLE item ADD COLUMN label text;",
                            "ALTER TABLE item DROP COLUMN label;")
                    .write("20240101000000_add_label", "backfill.sql", "UPDATE item SET label = 'L' || id;\n")
                    // relies on the backfill's data: it must not run before it
                    .add("20240102000000_label_required",
                            "ALTER TABLE item ADD CONSTRAINT label_nn CHECK (label IS NOT NULL);",
                            "ALTER TABLE item DROP CONSTRAINT label_nn;");
            Manor manor = Manors.load(db, dir.root());

            DeployResult first = manor.deploy(DeployOptions.defaults().deferringBackfills());
            assertThat(first.applied()).extracting(a -> a.step().migration().id()).containsExactly("20240101000000");
            assertThat(db.queryOne("SELECT count(*) FROM item WHERE label IS NULL")).isEqualTo(300L);
            assertThat(db.queryOne("SELECT status || ' ' || rows_done FROM manor.manor_backfills")).isEqualTo("running 0");

            // an unfinished backfill holds every later migration back, also on a second deferred deploy
            assertThat(manor.deploy(DeployOptions.defaults().deferringBackfills()).applied()).isEmpty();
            assertThat(manor.status().toDeploy()).hasSize(1);

            DeployResult rest = manor.deploy();
            assertThat(rest.applied()).extracting(a -> a.step().migration().id()).containsExactly("20240102000000");
            assertThat(db.queryOne("SELECT status || ' ' || rows_done FROM manor.manor_backfills")).isEqualTo("done 300");
            assertThat(manor.status().upToDate()).isTrue();
        }
    }
}
