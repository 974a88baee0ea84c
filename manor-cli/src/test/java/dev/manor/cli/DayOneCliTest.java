package dev.manor.cli;

import dev.manor.config.ConfigFile;
import dev.manor.config.EmbeddedMajor;
import dev.manor.config.Overrides;
import dev.manor.config.ProjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A first day with Manor: init, a folder that is not a project, bad values; none of it may start a database. */
class DayOneCliTest {
    @TempDir
    Path tmp;

    private Cli in(String... args) {
        List<String> all = new ArrayList<>(List.of("-C", tmp.toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private void assertNoCluster() {
        assertThat(tmp.resolve(".manor")).as("no embedded cluster created").doesNotExist();
    }

    @Test
    void aFolderWithoutMigrationsSaysSoAndCreatesNoCluster() {
        for (String[] args : new String[][] {{"status"}, {"deploy"}, {"log"}, {"db", "start"}, {"db", "url"}}) {
            Cli cli = in(args);
            assertThat(cli.code()).as(String.join(" ", args) + cli.out() + cli.err()).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.err()).contains("no migrations folder").contains("manor init");
            assertNoCluster();
        }
    }

    @Test
    void badOptionValuesExitTwoBeforeAnyDatabaseStarts() throws IOException {
        Files.createDirectories(tmp.resolve("migrations"));
        String[][] bad = {
                {"deploy", "--lock-wait", "60"}, {"status", "--lock-timeout", "0"}, {"deploy", "--lock-timeout", "12"},
                {"deploy", "--traffic-guard", "5"}, {"status", "--statement-timeout", "abc"}, {"log", "-n", "0"},
                {"rollback", "--steps", "0"}, {"analyze", "--format", "yaml"}};
        for (String[] args : bad) {
            Cli cli = in(args);
            assertThat(cli.code()).as(String.join(" ", args) + ": " + cli.out() + cli.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(cli.err().strip().lines()).hasSize(1);
            assertThat(cli.out()).isEmpty();
        }
        assertThat(in("deploy", "--lock-wait", "60").err()).contains("has no unit").contains("60s");
        assertThat(in("status", "--lock-timeout", "0").err()).contains("\"off\"");
        assertNoCluster();
    }

    @Test
    void aDurationFromAVariableNeedsAUnitToo() throws Exception {
        Files.createDirectories(tmp.resolve("migrations"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-C", tmp.toString(), "status").redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("MANOR_LOCK_WAIT", "60");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.readString(tmp.resolve("err.txt"))).contains("--lock-wait").contains("has no unit");
        assertNoCluster();
    }

    @Test
    void protectedYesIsRefusedBeforeResetTouchesAnything() throws IOException {
        Files.createDirectories(tmp.resolve("migrations"));
        Files.writeString(tmp.resolve("manor.toml"), "[env.dev]\nprotected = \"yes\"\n");
        Cli reset = in("reset", "--force");
        assertThat(reset.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(reset.err()).contains("protected must be true or false");
        assertNoCluster();
    }

    @Test
    void initWritesACommentedConfigAndIgnoresTheDatabaseAndBackupsOnce() throws IOException {
        Files.writeString(tmp.resolve(".gitignore"), "target/");
        Cli first = in("init");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("wrote manor.toml").contains("created migrations/")
                .contains("added .manor/ and backups/ to .gitignore");
        ConfigFile config = ConfigFile.load(tmp);
        EmbeddedMajor chosen = EmbeddedMajor.choose(null, ProjectConfig.embeddedDataDir(tmp),
                dev.manor.embedded.PostgresBundles.available(), dev.manor.backup.PgTools::newestInstalled);
        assertThat(config.embeddedVersion()).isEqualTo(chosen.major());
        assertThat(Files.readString(tmp.resolve("manor.toml"))).contains(chosen.reason()).contains("# [env.prod]");
        assertThat(ProjectConfig.resolve(tmp, Overrides.none(), Map.of()).manor().environment()).isEqualTo("dev");
        assertThat(Files.isDirectory(tmp.resolve("migrations"))).isTrue();

        Cli again = in("init");
        assertThat(again.code()).isZero();
        assertThat(again.out()).startsWith("Already set up");
        List<String> ignore = Files.readAllLines(tmp.resolve(".gitignore"));
        assertThat(ignore).startsWith("target/").containsOnlyOnce(".manor/", "backups/");
        assertNoCluster();
    }

    @Test
    void newAndStaticAnalysisStartNoDatabase() throws IOException {
        Files.createDirectories(tmp.resolve("migrations"));
        assertThat(in("new", "add_note").code()).isZero();
        try (var dirs = Files.list(tmp.resolve("migrations"))) {
            Path m = dirs.findFirst().orElseThrow();
            Files.writeString(m.resolve("migration.sql"), "CREATE TABLE note (id int);\n");
            Files.writeString(m.resolve("down.sql"), "DROP TABLE note;\n");
        }
        Cli analyze = in("analyze", "--static");
        assertThat(analyze.code()).as(analyze.err()).isZero();
        assertThat(analyze.out()).contains("CREATE TABLE note");
        assertNoCluster();
    }
}
