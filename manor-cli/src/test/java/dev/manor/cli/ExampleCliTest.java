package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's tour on the worked example, through the real command line, on each major. */
class ExampleCliTest {
    static final Path EXAMPLE = Path.of("..", "examples", "indian-village-manor").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void deployStatusRollbackTwoStatusDeployRoundTrips(int major) throws IOException {
        try (TestDb db = PgServers.freshDb(major)) {
            String[] where = {"-C", EXAMPLE.toString()};
            Cli deploy = run(where, "deploy", "--url", db.url());
            assertThat(deploy.code()).as(deploy.err()).isZero();
            assertThat(deploy.err()).contains("20240115090000_deprecate_old_field ... applied");
            assertThat(deploy.out()).contains("Applied 9 migrations.").doesNotContain("▲");

            Cli status = run(where, "status", "--url", db.url());
            assertThat(status.code()).isZero();
            assertThat(status.out()).contains("Up to date.").doesNotContain("pending");

            Cli rollback = run(where, "rollback", "--steps", "2", "--url", db.url());
            assertThat(rollback.code()).as(rollback.err()).isZero();
            assertThat(rollback.out()).contains("Rolled back 2 migrations");
            assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns WHERE column_name = 'oldField'"))
                    .isEqualTo(1L);

            Cli after = run(where, "status", "--url", db.url(), "--json");
            assertThat(after.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(after.out()).contains("\"state\" : \"rolled_back\"").contains("\"upToDate\" : false");

            assertThat(run(where, "deploy", "--url", db.url()).code()).isZero();
            assertThat(run(where, "status", "--url", db.url()).code()).isZero();

            Cli log = run(where, "log", "--url", db.url());
            assertThat(log.out()).contains("rollback").contains("rolled_back").contains("deploy");
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void everyExampleMigrationSurvivesUpDownUp(int major) {
        try (TestDb db = PgServers.freshDb(major)) {
            String[] where = {"-C", EXAMPLE.toString()};
            assertThat(run(where, "deploy", "--url", db.url()).code()).isZero();
            Cli down = run(where, "rollback", "--to", "20240102090000", "--url", db.url());
            assertThat(down.code()).as(down.err()).isZero();
            assertThat(down.out()).contains("Rolled back 8 migrations");
            assertThat(run(where, "rollback", "--steps", "1", "--url", db.url()).code()).isZero();
            assertThat(db.queryOne("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo(0L);
            assertThat(run(where, "deploy", "--url", db.url()).code()).isZero();
            assertThat(run(where, "seed", "--url", db.url()).code()).isZero();
            assertThat(db.queryOne("SELECT count(*) FROM \"User\" WHERE phone IS NOT NULL")).isNotEqualTo(0L);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void dryRunPrintsTheSqlAndChangesNothing(int major) {
        try (TestDb db = PgServers.freshDb(major)) {
            Cli dry = run(new String[] {"-C", EXAMPLE.toString()}, "deploy", "--dry-run", "--url", db.url());
            assertThat(dry.code()).isZero();
            assertThat(dry.out()).contains("CREATE TABLE \"User\"").contains("RENAME COLUMN \"oldField\"");
            assertThat(db.queryOne("SELECT to_regclass('public.\"User\"')")).isNull();
        }
    }

    @org.junit.jupiter.api.Test
    void newCreatesBothFilesAndRefusesBadNames() throws IOException {
        Cli ok = Cli.run("-C", tmp.toString(), "new", "add_phone_to_user");
        assertThat(ok.code()).isZero();
        try (var dirs = Files.list(tmp.resolve("migrations"))) {
            Path dir = dirs.findFirst().orElseThrow();
            assertThat(dir.getFileName().toString()).matches("\\d{14}_add_phone_to_user");
            assertThat(Files.readString(dir.resolve("migration.sql"))).contains("-- What:").contains("-- Why:")
                    .contains("-- Rollback:");
            assertThat(dir.resolve("down.sql")).exists();
        }
        Cli bad = Cli.run("-C", tmp.toString(), "new", "AddPhone");
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err()).contains("must be lower snake case").contains("e.g. addphone").doesNotContain("Exception");
    }

    private static Cli run(String[] where, String... args) {
        String[] all = new String[where.length + args.length];
        System.arraycopy(where, 0, all, 0, where.length);
        System.arraycopy(args, 0, all, where.length, args.length);
        return Cli.run(all);
    }
}
