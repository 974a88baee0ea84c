package dev.manor.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgToolsTest {
    static final Path DEBIAN_15 = Path.of("/usr/lib/postgresql/15/bin");

    @Test
    void findsTheInstalledPostgres15Tools() {
        PgTools tools = PgTools.find(Optional.empty(), 15);

        assertThat(tools.major()).isGreaterThanOrEqualTo(15);
        assertThat(tools.version()).matches("\\d+\\.\\d+");
        assertThat(tools.pgDump()).isExecutable();
        assertThat(tools.pgRestore()).isExecutable();
        // Debian's version-guessing wrapper in /usr/bin is never chosen; the real bin directory is.
        assertThat(tools.binDir()).isNotEqualTo(Path.of("/usr/bin"));
    }

    @Test
    void usesTheConfiguredDirectory() {
        PgTools tools = PgTools.find(Optional.of(DEBIAN_15), 14);

        assertThat(tools.binDir()).isEqualTo(DEBIAN_15);
        assertThat(tools.major()).isEqualTo(15);
        assertThat(tools.version()).startsWith("15.");
    }

    @Test
    void refusesToolsOlderThanTheServerWithAnInstallHint() {
        assertThatThrownBy(() -> PgTools.find(Optional.empty(), 99))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("only found 15.")
                .hasMessageContaining(DEBIAN_15.toString())
                .hasMessageContaining("apt-get install postgresql-client-99")
                .hasMessageContaining("backup_pg_bin_dir")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesATooOldConfiguredDirectory() {
        assertThatThrownBy(() -> PgTools.find(Optional.of(DEBIAN_15), 99))
                .hasMessageContaining("pg_dump 15.")
                .hasMessageContaining("too old for a PostgreSQL 99 server")
                .hasMessageContaining("apt-get install postgresql-client-99");
    }

    @Test
    void explainsAConfiguredDirectoryWithoutTools(@TempDir Path empty) {
        assertThatThrownBy(() -> PgTools.find(Optional.of(empty), 15))
                .hasMessageContaining("no runnable pg_dump and pg_restore in " + empty)
                .hasMessageContaining("backup_pg_bin_dir");
    }

    @Test
    void reportsWhenNothingIsInstalled(@TempDir Path empty) {
        assertThatThrownBy(() -> PgTools.find(Optional.empty(), 15, List.of(empty), List.of()))
                .hasMessageStartingWith("no pg_dump/pg_restore found")
                .hasMessageContaining("apt-get install postgresql-client-15");
    }

    @Test
    void choosesTheNewestSuitableVersionAndPrefersEarlierDirectoriesOnATie(@TempDir Path tmp) throws IOException {
        Path fake16 = fakeTools(tmp.resolve("a"), "16.4");
        Path fake15 = fakeTools(tmp.resolve("b"), "15.2");

        assertThat(PgTools.find(Optional.empty(), 15, List.of(DEBIAN_15), List.of(fake16)).binDir()).isEqualTo(fake16);
        assertThat(PgTools.find(Optional.empty(), 15, List.of(fake15), List.of(DEBIAN_15)).binDir()).isEqualTo(fake15);
        assertThat(PgTools.find(Optional.empty(), 16, List.of(fake15, DEBIAN_15), List.of(fake16)).version()).isEqualTo("16.4");
    }

    /** A bin directory whose tools only answer --version, to exercise the choice between installations. */
    private static Path fakeTools(Path dir, String version) throws IOException {
        Files.createDirectories(dir);
        for (String tool : List.of("pg_dump", "pg_restore")) {
            Path script = dir.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) " + version + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }
}
