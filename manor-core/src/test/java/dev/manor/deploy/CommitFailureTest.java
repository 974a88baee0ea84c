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

/** A deferred constraint fails at COMMIT: that is the migration's fault, not the history's. */
class CommitFailureTest {
    @TempDir
    Path tmp;

    @Test
    void deferredConstraintViolationBlamesTheMigrationAndLeavesNothing() {
        try (TestDb db = PgServers.freshDb()) {
            MigrationsDir dir = new MigrationsDir(tmp)
                    .add("20240101000000_parent_child", """
                            CREATE TABLE parent (id bigint PRIMARY KEY);
                            CREATE TABLE child (id bigint PRIMARY KEY,
                              parent_id bigint REFERENCES parent DEFERRABLE INITIALLY DEFERRED);
                            INSERT INTO child VALUES (1, 42);
                            """, "DROP TABLE child; DROP TABLE parent;");
            Manor manor = Manors.load(db, dir.root());

            assertThatThrownBy(manor::deploy).isInstanceOf(ManorException.class)
                    .hasMessageContaining("20240101000000_parent_child/migration.sql: failed at COMMIT:")
                    .hasMessageContaining("violates foreign key constraint")
                    .hasMessageNotContaining("history");
            assertThat(db.queryOne("SELECT to_regclass('public.child')")).isNull();
            assertThat(db.queryOne("SELECT status FROM manor.manor_migrations WHERE id = '20240101000000'"))
                    .isEqualTo("failed");
        }
    }
}
