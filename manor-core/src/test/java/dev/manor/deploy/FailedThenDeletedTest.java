package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.history.MigrationState;
import dev.manor.testing.Files;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deleting the folder of a migration that failed is how many people give up on it: Manor must not call it applied. */
class FailedThenDeletedTest {
    @TempDir
    Path tmp;

    @Test
    void aFailedMigrationWhoseFolderIsGoneStaysFailedAndCanBeResolved() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_account", "CREATE TABLE account (id bigint PRIMARY KEY);", "DROP TABLE account;")
                    .add("20240102000000_broken", "ALTER TABLE account ADD COLUMN x int; SELECT 1 / 0;",
                            "ALTER TABLE account DROP COLUMN x;");
            Manor manor = Manors.load(db, dir.root());
            assertThatThrownBy(manor::deploy).hasMessageContaining("division by zero");
            Files.deleteTree(dir.root().resolve("20240102000000_broken"));

            assertThat(manor.status().find("20240102000000").orElseThrow().state()).isEqualTo(MigrationState.FAILED);
            assertThatThrownBy(manor::deploy).isInstanceOf(ManorException.class)
                    .hasMessageContaining("20240102000000_broken failed and its folder is gone")
                    .hasMessageContaining("manor resolve --rolled-back 20240102000000");
            assertThat(manor.rollback(Rollbacker.Target.steps(1), true).plan())
                    .extracting(p -> p.migration().id()).containsExactly("20240101000000");

            manor.resolveRolledBack("20240102000000");
            assertThat(manor.status().upToDate()).isTrue();
            assertThat(manor.deploy().nothingToDo()).isTrue();
        }
    }
}
