package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** manor diff on the command line: stdout is the data, one stderr line per hazard, no terminal means no guessing. */
class DiffCliTest {
    private static final String BASE = "CREATE TABLE account (id bigint PRIMARY KEY, fullname text, email text NOT NULL);";

    @TempDir
    Path tmp;

    private void project(String schema) throws IOException {
        Path base = Files.createDirectories(tmp.resolve("migrations/20240101000000_base"));
        Files.writeString(base.resolve("migration.sql"), BASE);
        Files.writeString(base.resolve("down.sql"), "DROP TABLE account;");
        Files.createDirectories(tmp.resolve("schema"));
        Files.writeString(tmp.resolve("schema/account.sql"), schema);
    }

    private Cli diff(TestDb db, String... more) {
        String[] args = Stream.concat(Stream.of("-C", tmp.toString(), "diff", "--url", db.url(), "--shadow-url", db.url()),
                Stream.of(more)).toArray(String[]::new);
        return Cli.run(args);
    }

    private long migrations() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("migrations"))) {
            return s.count();
        }
    }

    @Test
    void noChangesSaysSoOnStdoutAndExitsZero() throws IOException {
        project(BASE);
        try (TestDb db = PgServers.freshDb()) {
            Cli cli = diff(db);
            assertThat(cli.code()).as(cli.err()).isZero();
            assertThat(cli.out().strip()).isEqualTo("schema matches; nothing to write");
        }
    }

    @Test
    void withoutATerminalALookAlikeRenameIsRefusedOnOneLineAndNothingIsWritten() throws IOException {
        project(BASE.replace("fullname text", "name text"));
        try (TestDb db = PgServers.freshDb()) {
            Cli cli = diff(db);
            assertThat(cli.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err()).contains("refused: looks renamed: column account.fullname disappears and name (text)"
                    + " appears; give --rename account.fullname=name or --no-rename account.fullname\nnothing written");
            assertThat(migrations()).isEqualTo(1);

            Cli noRename = diff(db, "--no-rename", "account.fullname");
            assertThat(noRename.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(noRename.err()).contains("refused: data loss: column account.fullname is not in the schema files");

            Cli dry = diff(db, "--no-rename", "account.fullname", "--allow-drop", "--dry-run");
            assertThat(dry.code()).as(dry.err()).isZero();
            assertThat(dry.out().lines().map(l -> l.split(" ")[0]).toList())
                    .containsExactly("add_account_name", "deprecate_account_fullname");
            assertThat(migrations()).isEqualTo(1);

            Cli json = diff(db, "--rename", "account.fullname=name", "--dry-run", "--json");
            assertThat(json.code()).as(json.err()).isZero();
            assertThat(json.out()).contains("\"refused\" : false").contains("\"plan\" : \"rename_account_fullname_to_name\"");
        }
    }

    @Test
    void malformedFlagsAndSettingsAreOneLineErrors() throws IOException {
        project(BASE);
        try (TestDb db = PgServers.freshDb()) {
            Cli bad = diff(db, "--rename", "fullname");
            assertThat(bad.code()).isNotZero();
            assertThat(bad.err().strip()).isEqualTo("manor: --rename wants table.old=new, got 'fullname'");
            Files.writeString(tmp.resolve("manor.toml"), "schema = \"../elsewhere\"\n");
            Cli setting = diff(db);
            assertThat(setting.code()).isNotZero();
            assertThat(setting.err().strip()).startsWith("manor: manor.toml: schema = \"../elsewhere\" must be a folder inside the project");
        }
    }
}
