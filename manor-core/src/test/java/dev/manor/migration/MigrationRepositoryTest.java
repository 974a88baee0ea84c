package dev.manor.migration;

import dev.manor.ManorException;
import dev.manor.testing.MigrationsDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationRepositoryTest {
    @TempDir
    Path root;

    @Test
    void invalidUtf8IsNamedByFileByteAndLine() throws IOException {
        new MigrationsDir(root).add("20240101000000_latin1", "", "DROP TABLE t;");
        byte[] latin1 = "CREATE TABLE t (x int);\n-- caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path up = root.resolve("20240101000000_latin1").resolve(Migration.UP_FILE);
        Files.write(up, latin1);

        assertThatThrownBy(() -> new MigrationRepository(root).load())
                .isInstanceOf(ManorException.class)
                .hasMessage(up + ": not valid UTF-8 at byte 30 (line 2); save the file as UTF-8");
    }

    @Test
    void emptyAndCommentOnlyScriptsAreAllRefusedAtLoadInOneMessage() {
        new MigrationsDir(root)
                .add("20240101000000_empty_up", "", "DROP TABLE a;")
                .add("20240101000001_comments_up", "-- nothing yet\n/* still nothing */\n", "DROP TABLE b;")
                .add("20240101000002_comment_down", "CREATE TABLE c (x int);", "-- TODO: write the undo\n")
                .add("20240101000003_fine", "CREATE TABLE d (x int);", "DROP TABLE d;");

        String base = root.getFileName() + "/";
        assertThatThrownBy(() -> new MigrationRepository(root).load())
                .isInstanceOf(ManorException.class)
                .hasMessage("3 problems in the migrations:\n  "
                        + base + "20240101000000_empty_up/migration.sql has no statements (empty or only comments)\n  "
                        + base + "20240101000001_comments_up/migration.sql has no statements (empty or only comments)\n  "
                        + base + "20240101000002_comment_down/down.sql has no statements: write the undo, or declare "
                        + "that there is none with '-- manor:irreversible because <reason>'");
    }

    @Test
    void aDeclaredIrreversibleDownLoadsAndSaysWhy() {
        new MigrationsDir(root).add("20240101000000_drop_log", "DROP TABLE audit_log;",
                "-- manor:irreversible because the rows are gone and the table was unused\n");

        Migration m = new MigrationRepository(root).load().get(0);
        assertThat(m.irreversibleReason()).contains("because the rows are gone and the table was unused");
        assertThat(m.hasUsableDown()).isFalse();
    }

    @Test
    void anIrreversibleDirectiveWithoutAReasonIsRefused() {
        new MigrationsDir(root).add("20240101000000_drop_log", "DROP TABLE audit_log;", "-- manor:irreversible\n");

        assertThatThrownBy(() -> new MigrationRepository(root).load())
                .hasMessage(root.getFileName() + "/20240101000000_drop_log/down.sql: manor:irreversible needs its "
                        + "reason: '-- manor:irreversible because <reason>'");
    }
}
