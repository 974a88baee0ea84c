package dev.manor.cli;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** manor analyze on the example, and deploy refusing an unsafe change in a protected environment. */
class AnalyzeCliTest {
    static final Path EXAMPLE = ExampleCliTest.EXAMPLE;

    @TempDir
    Path tmp;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void theSpecsBadApproachIsAnErrorAndTheTwoStepPathPasses(int major) {
        try (TestDb db = PgServers.freshDb(major)) {
            Cli bad = Cli.run("-C", EXAMPLE.resolve("unsafe").toString(), "analyze", "--all", "--url", db.url(),
                    "--shadow-url", db.url());
            assertThat(bad.code()).as(bad.out() + bad.err()).isEqualTo(ExitCodes.FAILED);
            assertThat(bad.out()).contains("ERROR [set-not-null]").contains("VALIDATE CONSTRAINT");

            Cli good = Cli.run("-C", EXAMPLE.toString(), "analyze", "--all", "--url", db.url(), "--shadow-url", db.url());
            assertThat(good.code()).as(good.out() + good.err()).isZero();
            assertThat(good.out()).doesNotContain("ERROR [");
        }
    }

    @Test
    void analyzeJudgesTheRepeatablesAndCallbacksUnlessMigrationsAreNamed() throws IOException {
        dev.manor.proof.Paths.copyTree(EXAMPLE.resolve("migrations"), tmp.resolve("migrations"));
        Files.createDirectories(tmp.resolve("repeatable"));
        Files.writeString(tmp.resolve("repeatable/user_email.sql"), "CREATE INDEX user_email ON \"User\" (email);\n");
        Files.createDirectories(tmp.resolve("callbacks"));
        Files.writeString(tmp.resolve("callbacks/after-deploy.sql"), "CREATE INDEX CONCURRENTLY user_first_name ON"
                + " \"User\" (\"firstName\");\n");
        Cli all = Cli.run("-C", tmp.toString(), "analyze", "--static");
        assertThat(all.code()).as(all.out() + all.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(all.out()).contains("repeatable/user_email.sql").contains("ERROR [create-index-non-concurrent]")
                .contains("callbacks/after-deploy.sql").contains("[concurrently-in-transaction]");
        String first = Files.list(tmp.resolve("migrations")).map(p -> p.getFileName().toString()).sorted()
                .findFirst().orElseThrow();
        Cli one = Cli.run("-C", tmp.toString(), "analyze", "--static", first);
        assertThat(one.out()).doesNotContain("repeatable/").doesNotContain("callbacks/");
    }

    @Test
    void jsonHasClassLocksRewriteScanAndFindings() {
        try (TestDb db = PgServers.freshDb()) {
            Cli json = Cli.run("-C", EXAMPLE.toString(), "analyze", "--all", "--format", "json", "--url", db.url(),
                    "--shadow-url", db.url());
            assertThat(json.code()).as(json.err()).isZero();
            assertThat(json.out()).contains("\"class\"").contains("\"locks\"").contains("\"rewrite\"")
                    .contains("\"scan\"").contains("\"findings\"").contains("AccessExclusive");
            Cli sarif = Cli.run("-C", EXAMPLE.resolve("unsafe").toString(), "analyze", "--all", "--static",
                    "--format", "sarif", "--url", db.url());
            assertThat(sarif.out()).contains("\"version\" : \"2.1.0\"").contains("set-not-null");
        }
    }

    @Test
    void protectedDeployRefusesAnUnsafeChangeAndOthersOnlyWarn() throws IOException {
        try (TestDb db = PgServers.freshDb()) {
            dev.manor.proof.Paths.copyTree(EXAMPLE.resolve("unsafe/migrations"), tmp.resolve("migrations"));
            Files.writeString(tmp.resolve("manor.toml"), """
                    [env.prod]
                    url = "%s"
                    protected = true
                    [env.dev]
                    url = "%s"
                    """.formatted(db.url(), db.url()));
            // "User" predates this deploy: a table created earlier in the same deploy is new, and not a finding.
            assertThat(Cli.run("-C", tmp.toString(), "deploy", "--env", "dev", "--to", "20240102090000").code()).isZero();
            Cli refused = Cli.run("-C", tmp.toString(), "deploy", "--env", "prod", "--shadow-url", db.url());
            assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(refused.err()).contains("set-not-null").contains("protected").contains("manor:allow");
            assertThat(db.queryOne("SELECT count(*) FROM information_schema.columns WHERE table_name = 'User'"
                    + " AND column_name = 'phone'")).isEqualTo(0L);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'gate-refused'")).isEqualTo(1L);

            Cli dev = Cli.run("-C", tmp.toString(), "deploy", "--env", "dev", "--observe", "--shadow-url", db.url());
            assertThat(dev.code()).as(dev.err()).isZero();
            // Findings reach the console through the deploy listener (ConsoleListener decides the stream).
            assertThat(dev.out() + dev.err()).contains("ERROR 20240106110000 [set-not-null]");
        }
    }
}
