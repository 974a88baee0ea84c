package dev.manor.deploy.backfill;

import dev.manor.Manor;
import dev.manor.testing.Manors;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The example project's phone and displayName backfills run through deploy, before the migrations that need them. */
class ExampleBackfillTest {
    private static final Path EXAMPLE = locate("examples/indian-village-manor/migrations");

    @TempDir
    Path tmp;

    @Test
    void deployRunsTheExampleBackfillsSoThatPhoneCanBecomeRequired() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            copyMigrationsUpTo("20240104100000");
            Manor manor = Manors.load(db, tmp);
            manor.deploy();
            db.exec("""
                    INSERT INTO "User" (email, "firstName", "lastName")
                    SELECT 'u' || g || '@example.org', 'First' || g, 'Last' || g FROM generate_series(1, 2500) g""");
            copyMigrationsUpTo("99999999999999");
            manor.deploy();
            assertThat(db.queryOne("SELECT count(*) FROM \"User\" WHERE phone = '<unknown>'")).isEqualTo(2500L);
            assertThat(db.queryOne("SELECT count(*) FROM \"User\" WHERE \"displayName\" = \"firstName\" || ' ' || \"lastName\""))
                    .isEqualTo(2500L);
            assertThat(db.queryOne("SELECT attnotnull FROM pg_attribute WHERE attrelid = '\"User\"'::regclass"
                    + " AND attname = 'phone'")).isEqualTo(true);
            List<BackfillRecord> backfills = manor.backfills();
            assertThat(backfills).extracting(BackfillRecord::status).containsExactly("done", "done");
            assertThat(backfills).extracting(BackfillRecord::rowsDone).containsExactly(2500L, 2500L);
        }
    }

    private void copyMigrationsUpTo(String lastId) throws IOException {
        try (Stream<Path> folders = Files.list(EXAMPLE)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                String name = folder.getFileName().toString();
                Path target = tmp.resolve(name);
                if (name.substring(0, 14).compareTo(lastId) <= 0 && !Files.exists(target)) {
                    Files.createDirectories(target);
                    try (Stream<Path> files = Files.list(folder)) {
                        for (Path f : files.toList()) {
                            Files.copy(f, target.resolve(f.getFileName()));
                        }
                    }
                }
            }
        }
    }

    private static Path locate(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
            dir = dir.getParent();
        }
        throw new UncheckedIOException(new IOException(relative + " not found above the working directory"));
    }
}
