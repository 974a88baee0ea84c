package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The example as if imported from Prisma without downs: generate them, then prove the whole history. */
class DownGenerateCliTest {
    @TempDir
    Path tmp;

    @Test
    void missingDownsOfTheImportedExampleAreGeneratedThenEveryMigrationIsProvenOrIrreversible() throws IOException {
        Path project = tmp.resolve("ivm");
        copyWithoutDowns(ProofCliTest.EXAMPLE, project);
        try (TestDb db = PgServers.freshDb()) {
            String[] where = {"--url", db.url(), "--shadow-url", db.url()};
            Cli generated = Cli.run(concat(new String[] {"-C", project.toString(), "down", "generate", "--missing"}, where));
            assertThat(generated.code()).as(generated.out() + generated.err()).isZero();
            assertThat(generated.out())
                    .contains("proven        20240102090000_init")
                    .contains("proven        20240113100000_validate_phone_not_null")
                    .contains("proven        20240115090000_deprecate_old_field")
                    .contains("irreversible  20240110090000_add_email_template_welcome: migrations/20240110090000_add"
                            + "_email_template_welcome/migration.sql:6 changes rows of \"EmailTemplate\" (INSERT)")
                    .contains("proven        20240113100000_validate_phone_not_null: proven without sample rows")
                    .contains("9 generated: 7 proven, 2 irreversible, 0 failed");
            assertThat(generated.err()).contains("Generating every missing down script");
            assertThat(Files.readString(project.resolve("migrations/20240115090000_deprecate_old_field/down.sql")))
                    .contains("RENAME COLUMN \"_deprecated_oldField\" TO \"oldField\"");

            Cli proof = Cli.run(concat(new String[] {"-C", project.toString(), "test", "rollback", "--all", "--json"},
                    where));
            assertThat(proof.code()).as(proof.out() + proof.err()).isZero();
            assertThat(proof.out()).startsWith("{").contains("\"proven\" : 6").contains("\"irreversible\" : 2")
                    .contains("\"assumes_data\" : 1")
                    .contains("\"object\" : 0");

            Cli again = Cli.run(concat(new String[] {"-C", project.toString(), "down", "generate", "--missing"}, where));
            assertThat(again.out()).contains("nothing to generate: every migration has a down.sql");
            Cli handWritten = Cli.run(concat(new String[] {"-C", project.toString(), "down", "generate"}, where));
            assertThat(handWritten.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(handWritten.err()).contains("give migration ids or --missing");
        }
    }

    /** Half the downs removed, the other half replaced by the marker 'manor import' writes. */
    private static void copyWithoutDowns(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve("manor.toml"), to.resolve("manor.toml"));
        Files.copy(from.resolve("seed.sql"), to.resolve("seed.sql"));
        List<Path> folders;
        try (Stream<Path> s = Files.list(from.resolve("migrations"))) {
            folders = s.filter(Files::isDirectory).sorted().toList();
        }
        int i = 0;
        for (Path f : folders) {
            Path dir = Files.createDirectories(to.resolve("migrations").resolve(f.getFileName()));
            Files.copy(f.resolve("migration.sql"), dir.resolve("migration.sql"));
            if (i++ % 2 == 0) {
                Files.writeString(dir.resolve("down.sql"),
                        "-- manor:irreversible because imported from Prisma without a down script\n");
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
