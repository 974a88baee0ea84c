package dev.manor.migration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationScaffolderTest {
    @TempDir
    Path root;

    @Test
    void twoNamesWithinOneSecondGetDistinctIds() {
        Clock frozen = Clock.fixed(Instant.parse("2024-03-01T10:00:00Z"), ZoneOffset.UTC);
        MigrationScaffolder scaffolder = new MigrationScaffolder(root, frozen);
        scaffolder.create("create_items");
        scaffolder.create("add_thing");
        fillIn("20240301100000_create_items");
        fillIn("20240301100001_add_thing");

        assertThat(new MigrationRepository(root).load())
                .extracting(Migration::folderName)
                .containsExactly("20240301100000_create_items", "20240301100001_add_thing");
    }

    /** The scaffolded scripts are only comments, which loading refuses until they are written. */
    private void fillIn(String folder) {
        try {
            java.nio.file.Files.writeString(root.resolve(folder).resolve(Migration.UP_FILE), "CREATE TABLE t (x int);");
            java.nio.file.Files.writeString(root.resolve(folder).resolve(Migration.DOWN_FILE), "DROP TABLE t;");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
