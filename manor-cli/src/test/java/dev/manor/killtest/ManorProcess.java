package dev.manor.killtest;

import dev.manor.cli.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The deployer as a real child JVM ({@code java -cp <this classpath> dev.manor.cli.Main ...}), so that a kill
 * is a real SIGKILL of a process with its own connections. Its stdout and stderr go to a log file; a
 * {@code manor-failpoint: <name>} line on stderr opens {@link #failpointReached()}.
 */
final class ManorProcess {
    static final String FAILPOINT_LINE = "manor-failpoint: ";

    private final Process process;
    private final CountDownLatch failpoint = new CountDownLatch(1);
    private final Thread reader;
    private final long startNanos = System.nanoTime();

    private ManorProcess(Process process, Path log) {
        this.process = process;
        this.reader = new Thread(() -> copyOutput(log), "manor-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code manor <args>}; {@code failpointName} may be null (no failpoint). */
    static ManorProcess start(Path log, String failpointName, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A quick start matters more than peak speed: a trial starts the deployer several times.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        if (failpointName != null) {
            command.add("-Dmanor.failpoint=" + failpointName);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(args);
        try {
            Files.writeString(log, "$ manor " + String.join(" ", args)
                            + (failpointName == null ? "" : "   (failpoint " + failpointName + ")") + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            return new ManorProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the deployer: " + e.getMessage(), e);
        }
    }

    private void copyOutput(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                out.flush();
                if (line.contains(FAILPOINT_LINE)) { // stdout and stderr share the log: the line may follow a progress line
                    failpoint.countDown();
                }
            }
        } catch (IOException e) {
            // the child was killed mid-line: its output ends there
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code millis} for the failpoint line; false when the time passed or the process ended first. */
    boolean awaitFailpoint(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (failpoint.await(20, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (!process.isAlive()) {
                return failpoint.getCount() == 0;
            }
        }
        return false;
    }

    /** SIGKILL; true when the process was still running (the kill landed). */
    boolean kill() throws InterruptedException {
        boolean alive = process.isAlive();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(5_000);
        return alive;
    }

    /** Waits for the process to end by itself; its exit code, or -1 when it had to be killed after the timeout. */
    int await(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            kill();
            return -1;
        }
        reader.join(5_000);
        return process.exitValue();
    }

    boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
