package dev.manor.cli;

import dev.manor.Manor;
import dev.manor.testing.TestDb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs dev.manor.cli.Main in a real JVM so that a test can SIGKILL it at a failpoint or mid-statement. */
final class Deployers {
    private Deployers() {
    }

    /** Writes a migration folder with the given scripts (null: left out). */
    static void migration(Path project, String folder, String up, String down, String backfill) throws IOException {
        Path m = project.resolve("migrations").resolve(folder);
        Files.createDirectories(m);
        Files.writeString(m.resolve("migration.sql"), up);
        if (down != null) {
            Files.writeString(m.resolve("down.sql"), down);
        }
        if (backfill != null) {
            Files.writeString(m.resolve("backfill.sql"), backfill);
        }
    }

    /** Starts {@code manor <args> --url <db>} in its own JVM, with the failpoint (if not null) enabled. */
    static Process start(Path project, TestDb db, String failpoint, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        if (failpoint != null) {
            cmd.add("-Dmanor.failpoint=" + failpoint);
        }
        cmd.addAll(List.of(Main.class.getName(), "-C", project.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--url", db.url()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(project.resolve("deployer.log").toFile()).start();
    }

    /** Starts the command, waits for it to stop at the failpoint, and SIGKILLs it there. */
    static void killAt(Path project, TestDb db, String failpoint, String... args) throws Exception {
        Process p = start(project, db, failpoint, args);
        try {
            awaitUntil(p, project, () -> log(project).contains("manor-failpoint: " + failpoint), "failpoint " + failpoint);
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the command, waits until {@code reached} holds, and SIGKILLs it. */
    static void killWhen(Path project, TestDb db, BooleanSupplier reached, String what, String... args) throws Exception {
        Process p = start(project, db, null, args);
        try {
            awaitUntil(p, project, reached, what);
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Whether a backend runs a statement that starts with {@code prefix}. */
    static boolean running(TestDb db, String prefix) {
        return ((Long) db.queryOne("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '"
                + prefix.replace("'", "''") + "%' AND pid <> pg_backend_pid()")) > 0;
    }

    private static void awaitUntil(Process p, Path project, BooleanSupplier reached, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!reached.getAsBoolean()) {
            assertThat(p.isAlive()).as("deployer still running before " + what + ":\n" + log(project)).isTrue();
            assertThat(System.nanoTime()).as("deployer reached " + what + ":\n" + log(project)).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static String log(Path project) {
        try {
            Path f = project.resolve("deployer.log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The project through the library, for the redeploy after the kill. */
    static Manor manor(Path project, TestDb db) {
        return Manor.configure().connection(db.url(), null, null).migrations(project.resolve("migrations"))
                .lockWait(Duration.ofSeconds(20)).load();
    }
}
