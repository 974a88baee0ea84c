package dev.manor.migration;

import dev.manor.ManorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A misspelt directive used to be ignored: the migration then ran in a transaction, or without its lock timeout. */
class DirectiveValidationTest {
    @TempDir
    Path root;

    private MigrationRepository repo(String file, String sql) throws IOException {
        Path m = Files.createTempDirectory(root, "p").resolve("migrations/20240101000000_m");
        Files.createDirectories(m);
        Files.writeString(m.resolve("migration.sql"), file.equals("migration.sql") ? sql : "SELECT 1;\n");
        Files.writeString(m.resolve(file.equals("migration.sql") ? "down.sql" : file), file.equals("migration.sql")
                ? "SELECT 1;\n" : sql);
        return new MigrationRepository(m.getParent());
    }

    @Test
    void anUnderscoreInsteadOfAHyphenIsRefusedWithFileLineAndTheRightSpelling() throws IOException {
        var repo = repo("migration.sql", "-- first\n-- manor:lock_timeout 50ms\nALTER TABLE t ADD c int;\n");
        assertThatThrownBy(repo::load).isInstanceOf(ManorException.class)
                .hasMessageContaining("migrations/20240101000000_m/migration.sql:2")
                .hasMessageContaining("unknown directive 'manor:lock_timeout'")
                .hasMessageContaining("did you mean 'manor:lock-timeout'");
    }

    @Test
    void aPluralIsRefused() throws IOException {
        var repo = repo("migration.sql", "-- manor:no-transactions\nCREATE INDEX CONCURRENTLY i ON t (c);\n");
        assertThatThrownBy(repo::load).isInstanceOf(ManorException.class)
                .hasMessageContaining("migration.sql:1").hasMessageContaining("did you mean 'manor:no-transaction'");
    }

    @Test
    void downAndBackfillScriptsAreCheckedToo() throws IOException {
        assertThatThrownBy(repo("down.sql", "-- manor:lock-timout 1s\nSELECT 1;\n")::load)
                .hasMessageContaining("down.sql:1").hasMessageContaining("did you mean 'manor:lock-timeout'");
        assertThatThrownBy(repo("backfill.sql", "-- manor:backfil batch=10\nUPDATE t SET c = 1;\n")::load)
                .hasMessageContaining("backfill.sql:1").hasMessageContaining("did you mean 'manor:backfill'");
    }

    @Test
    void aDurationDirectiveNeedsAUnit() throws IOException {
        assertThatThrownBy(repo("migration.sql", "-- manor:expected-duration 30\nSELECT 1;\n")::load)
                .hasMessageContaining("migration.sql:1").hasMessageContaining("has no unit");
        assertThatThrownBy(repo("migration.sql", "-- manor:lock-timeout 100\nSELECT 1;\n")::load)
                .hasMessageContaining("has no unit");
    }

    @Test
    void knownDirectivesPass() throws IOException {
        var repo = repo("migration.sql", "-- manor:no-transaction\n-- manor:lock-timeout 100ms\n"
                + "-- manor:expected-duration 30s\n-- manor:allow set-not-null because empty\nSELECT 1;\n");
        assertThat(repo.load()).hasSize(1);
        assertThat(repo.load().get(0).transactional()).isFalse();
    }
}
