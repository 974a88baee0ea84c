package dev.manor.deploy;

import dev.manor.Manor;
import dev.manor.ManorException;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.RetryPolicy;
import dev.manor.embedded.ThrowawayServer;
import dev.manor.testing.MigrationsDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A server that stops answering in the middle of a long statement (frozen with SIGSTOP: the sockets stay open and
 * silent, as in a network partition) ends the deploy within a few timeouts, in one line, instead of hanging forever.
 */
class ServerGoneTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatStopsAnsweringMidStatementEndsTheDeployInOneLine() throws Exception {
        MigrationsDir migrations = new MigrationsDir(dir.resolve("migrations"))
                .add("20240101000000_slow", "SELECT pg_sleep(120);", "SELECT 1;");
        // A server of its own, stopped without dropping the database: its frozen backends may linger a moment.
        try (ThrowawayServer server = ThrowawayServer.start(17)) {
            String url = server.jdbcUrl(server.createDatabase("t"));
            Manor manor = Manor.configure()
                    .connection(new ConnectionSettings(url, null, null, Duration.ofSeconds(2)))
                    .migrations(migrations.root())
                    .retry(new RetryPolicy(1, Duration.ofMillis(50), Duration.ofMillis(50)))
                    .listener(DeployListener.SILENT).load();
            List<ProcessHandle> frozen = new ArrayList<>();
            Thread freezer = new Thread(() -> {
                try {
                    // Once the statement runs, freeze the postmaster and every backend.
                    long sleeper = 0;
                    while (sleeper == 0) {
                        Thread.sleep(200);
                        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement();
                             var rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(120)%'")) {
                            sleeper = rs.next() ? rs.getLong(1) : 0;
                        }
                    }
                    ProcessHandle postmaster = ProcessHandle.of(sleeper).orElseThrow().parent().orElseThrow();
                    frozen.add(postmaster);
                    postmaster.descendants().forEach(frozen::add);
                    signal("STOP", frozen);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            freezer.start();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long started = System.nanoTime();
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    try {
                        manor.deploy();
                    } catch (ManorException e) {
                        failure.set(e);
                    }
                });
            } finally {
                freezer.join(10_000);
                signal("CONT", frozen);
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            assertThat(failure.get()).isNotNull();
            assertThat(failure.get().getMessage()).startsWith("the server went away during 20240101000000_slow: "
                    + "127.0.0.1:" + server.port() + " did not answer within 2s");
            assertThat(seconds).isLessThan(30);
        }
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws IOException, InterruptedException {
        if (processes.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> cmd.add(Long.toString(p.pid())));
        new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }
}
