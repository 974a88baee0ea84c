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

        assertThat(new MigrationRepository(root).load())
                .extracting(Migration::folderName)
                .containsExactly("20240301100000_create_items", "20240301100001_add_thing");
    }
}
