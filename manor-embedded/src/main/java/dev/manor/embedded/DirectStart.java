package dev.manor.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a postmaster (the project server's, or a throwaway server's on a copy of the cached template) straight
 * from the binaries zonky already unpacked, and waits for
 * {@code postmaster.pid} to say "ready". zonky's start re-reads and hashes the whole 15 MB bundle, runs a
 * distribution-detection script (lsb_release, a Python program) and {@code unshare -U id} twice, then
 * {@code pg_ctl -w}, which looks every 100 ms, and a JDBC {@code SELECT 1}: most of a warm start
 * (docs/benchmarks.md). This does none of that; the first start on a machine still goes through zonky, which
 * unpacks the bundle and whose binaries folder is remembered here.
 * <p>
 * Linux only (it needs {@code setsid}, and {@code unshare -U} when running as root, as zonky does: PostgreSQL
 * refuses to run as root, and in a user namespace it runs as an unprivileged id). Anything unexpected means
 * "not started": the caller falls back to zonky.
 */
final class DirectStart {
    private static final Duration READY_WAIT = Duration.ofSeconds(30);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path SH = Path.of("/bin/sh");
    private static final Path UNSHARE = Path.of("/usr/bin/unshare");

    private DirectStart() {
    }

    /** The remembered binaries folder of this major's bundle, if it is still there. */
    static Optional<Path> knownBinaries(int major) {
        Optional<Path> record = record(major);
        if (record.isEmpty() || !Files.isRegularFile(record.get())) {
            return Optional.empty();
        }
        try {
            Path bin = Path.of(Files.readString(record.get()).strip());
            return Files.isExecutable(bin.resolve("postgres")) ? Optional.of(bin) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Remembers where the postmaster zonky just started runs from (its executable's folder). */
    static void remember(int major, long postmasterPid) {
        Optional<Path> record = record(major);
        Optional<String> command = ProcessHandle.of(postmasterPid).flatMap(p -> p.info().command());
        if (record.isEmpty() || command.isEmpty() || !command.get().endsWith("/bin/postgres")) {
            return;
        }
        try {
            Files.createDirectories(record.get().getParent());
            Path staging = Files.createTempFile(record.get().getParent(), "pgbin", ".tmp");
            Files.writeString(staging, Path.of(command.get()).getParent() + "\n");
            Files.move(staging, record.get(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // only a slower next start
        }
    }

    /**
     * Starts the postmaster of {@code dataDir} on {@code port} with the settings zonky would give it and
     * {@code settings} over them, detached (its own session, its output in {@code log}), and waits until it accepts
     * connections. Returns its process, or empty, with nothing left running, when it could not.
     * <p>
     * A shell starts it in the background and exits, printing its pid: the postmaster is not this JVM's child. A
     * JVM whose child still runs spends 300 ms more in exiting (HotSpot waits up to that long for threads in
     * native code, and the JDK's reaper thread sits in waitpid for the child), which made every command that
     * started the server 0.3 s slower. {@code setsid} and {@code unshare} exec, so that pid is the postmaster's,
     * and a postmaster that cannot start is seen gone at once.
     */
    static Optional<ProcessHandle> start(Path bin, Path dataDir, int port, java.util.Map<String, String> settings,
                                         Path log) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux")
                || !Files.isExecutable(SETSID) || !Files.isExecutable(SH)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(SH.toString(), "-c",
                "log=$1; shift; \"$@\" </dev/null >\"$log\" 2>&1 & echo $!", "sh", log.toString(), SETSID.toString()));
        if (runsAsRoot()) {
            if (!Files.isExecutable(UNSHARE)) {
                return Optional.empty();
            }
            command.addAll(List.of(UNSHARE.toString(), "-U"));
        }
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", dataDir.toString(), "-p", Integer.toString(port),
                "-F"));
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(java.util.Map.of("listen_addresses",
                "127.0.0.1", "timezone", "UTC", "synchronous_commit", "off", "max_connections", "300"));
        all.putAll(settings);
        all.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
        Path pidFile = dataDir.resolve("postmaster.pid");
        ProcessHandle postmaster;
        try {
            Files.deleteIfExists(pidFile); // a stale one (its process is gone: the caller checked) would read as ready
            Process shell = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String printed;
            try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                    shell.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                printed = out.readLine();
            }
            if (!shell.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || shell.exitValue() != 0 || printed == null) {
                shell.destroyForcibly();
                return Optional.empty();
            }
            long pid = parsePid(printed);
            Optional<ProcessHandle> started = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
            if (started.isEmpty()) {
                return Optional.empty(); // already gone: it could not start (its log says why)
            }
            postmaster = started.get();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        // The postmaster writes its pid first and "ready" once it accepts connections; one that fails to start
        // removes the file and exits.
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() < deadline && postmaster.isAlive() && !exited(postmaster.pid())) {
            List<String> lines = pidFileLines(pidFile);
            if (lines.size() >= 8 && lines.get(0).strip().equals(Long.toString(postmaster.pid()))
                    && lines.get(7).strip().equals("ready")) {
                return Optional.of(postmaster);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (postmaster.isAlive() && !exited(postmaster.pid())) {
            postmaster.destroy(); // SIGTERM: PostgreSQL's smart shutdown of a server nobody uses yet
            try {
                awaitExit(postmaster, java.time.Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Optional.empty();
    }

    private static List<String> pidFileLines(Path pidFile) {
        try {
            return Files.readAllLines(pidFile);
        } catch (IOException | RuntimeException e) {
            return List.of(); // not written yet, or being written
        }
    }

    private static long parsePid(String line) {
        try {
            return Long.parseLong(line.strip());
        } catch (NumberFormatException e) {
            return -1; // being written: ProcessHandle.of finds none
        }
    }

    /**
     * Stops a postmaster by its pid with SIGINT, PostgreSQL's fast shutdown (clients are disconnected, nothing is
     * lost), and waits up to 30 s for it to exit. Returns false when it was not running.
     */
    static boolean stop(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            if (!awaitExit(handle.get(), STOP_WAIT)) {
                throw new EmbeddedPostgresException("embedded PostgreSQL (pid " + pid + ") did not stop within "
                        + STOP_WAIT.toSeconds() + " s");
            }
            return true;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not stop embedded PostgreSQL (pid " + pid + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while stopping the embedded PostgreSQL");
        }
    }

    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(30);

    /**
     * Waits up to {@code limit} for the process to exit; false when it still runs. Not ProcessHandle.onExit(): for
     * a process that is not this JVM's child (every postmaster) it polls every 300 ms and more, and counts a zombie
     * as alive, and an init that reaps late (as in some containers and VMs) kept one a zombie for 1.5 s.
     */
    private static boolean awaitExit(ProcessHandle process, java.time.Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (process.isAlive() && !exited(process.pid())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** The process has exited and only waits to be reaped (a zombie), as /proc/<pid>/stat says; false when unknown. */
    static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip(); // the name may hold spaces and ')'
            return afterName.startsWith("Z") || afterName.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return false; // gone (isAlive says so next) or no /proc
        }
    }

    /** The pid {@code postmaster.pid} of a data folder names, if any. */
    static Optional<Long> postmasterOf(Path dataDir) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Optional<Path> record(int major) {
        return DataDirTemplates.cacheDir().map(c -> c.resolve("pgbin").resolve(major + "-"
                + DataDirTemplates.bundleId(major)));
    }
}
