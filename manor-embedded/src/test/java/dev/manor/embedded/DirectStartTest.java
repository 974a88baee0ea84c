package dev.manor.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The project server's warm start straight from the binaries zonky unpacked, and the fall-back to zonky. */
class DirectStartTest {
    @TempDir
    Path project;

    @Test
    void onceZonkyUnpackedTheBinariesAStartRunsThemDirectlyDetachedAndStopsBySignal() throws Exception {
        ProjectServer server = new ProjectServer(project, 15);
        try {
            server.start();
            server.stop(); // the first start on a machine goes through zonky, which remembers its binaries folder
            assertThat(DirectStart.knownBinaries(15)).isPresent();
            Files.deleteIfExists(project.resolve(".manor/postmaster.log"));

            ProjectServer.Started started = server.start();

            assertThat(started.startedNow()).isTrue();
            assertThat(project.resolve(".manor/postmaster.log")).as("written by the direct start only").exists();
            try (Connection c = DriverManager.getConnection(started.server().jdbcUrl());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('listen_addresses'),"
                         + " current_setting('server_version_num')::int / 10000")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
                assertThat(rs.getInt(2)).isEqualTo(15);
            }
            // its own session: a Ctrl-C in the terminal of the command that started it does not reach it
            long sid = Long.parseLong(Files.readString(Path.of("/proc/" + started.server().pid() + "/stat"))
                    .replaceFirst("^.*\\) ", "").split(" ")[3]);
            assertThat(sid).isEqualTo(started.server().pid());
            assertThat(server.stop()).isTrue();
            assertThat(server.running()).isEmpty();
        } finally {
            server.stop();
        }
    }

    @Test
    void aThrowawayServerStartsDirectlyTooAndLeavesNothingBehind() throws Exception {
        ThrowawayServer.start(15).close(); // puts the binaries on record if nothing did yet
        ThrowawayServer server = ThrowawayServer.start(15, java.util.Map.of("max_connections", "37"));
        long pid;
        try {
            assertThat(server.startedDirectly()).isTrue();
            String db = server.createDatabase("direct");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(db));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('max_connections'), pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("37");
                pid = ProcessHandle.of(rs.getLong(2)).flatMap(ProcessHandle::parent).orElseThrow().pid();
            }
            server.dropDatabase(db);
        } finally {
            server.close();
        }
        // exited: gone, or a zombie that init has not reaped yet (the postmaster is not this JVM's child)
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !DirectStart.exited(pid)).isFalse();
        server.close(); // twice: nothing left to stop
    }

    @Test
    void aRememberedFolderThatIsGoneMeansZonkyStartsIt(@TempDir Path cache) throws Exception {
        String before = System.getProperty(DataDirTemplates.PROPERTY);
        System.setProperty(DataDirTemplates.PROPERTY, cache.toString());
        ProjectServer server = new ProjectServer(project, 15);
        try {
            Path record = cache.resolve("pgbin").resolve("15-" + DataDirTemplates.bundleId(15));
            Files.createDirectories(record.getParent());
            Files.writeString(record, cache.resolve("gone/bin") + "\n");
            assertThat(DirectStart.knownBinaries(15)).isEmpty();

            ProjectServer.Started started = server.start();

            assertThat(started.startedNow()).isTrue();
            assertThat(project.resolve(".manor/postmaster.log")).doesNotExist();
            // and zonky's start put the real folder on record again
            assertThat(DirectStart.knownBinaries(15)).isPresent();
            assertThat(server.stop()).isTrue();
        } finally {
            server.stop();
            if (before == null) {
                System.clearProperty(DataDirTemplates.PROPERTY);
            } else {
                System.setProperty(DataDirTemplates.PROPERTY, before);
            }
        }
    }

    /**
     * A process that has exited but is not reaped yet (as a postmaster whose starting command has gone is, until
     * init reaps it) counts as stopped: ProcessHandle says it is alive, /proc says it is a zombie.
     */
    @Test
    void anUnreapedProcessCountsAsExited() throws Exception {
        // 'sleep 0' exits at once; its parent shell becomes 'sleep 5' by exec and never reaps it.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & echo $!; exec sleep 5").start();
        try {
            long child = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(
                    parent.getInputStream())).readLine().strip());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!DirectStart.exited(child) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(DirectStart.exited(child)).isTrue();
            assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).contains(true);
            assertThat(DirectStart.exited(parent.pid())).isFalse();
        } finally {
            parent.destroy();
        }
    }

    /** A postmaster that cannot start is seen gone at once, not after the 30 s a slow start is given. */
    @Test
    void aStartThatCannotSucceedGivesUpAtOnceAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
        ThrowawayServer.start(15).close(); // puts the binaries on record if nothing did yet
        Path bin = DirectStart.knownBinaries(15).orElseThrow();
        Path log = dir.resolve("postmaster.log");
        long started = System.nanoTime();

        assertThat(DirectStart.start(bin, dir.resolve("no-such-data-dir"), 5, java.util.Map.of(), log)).isEmpty();

        assertThat((System.nanoTime() - started) / 1_000_000).as("ms to give up").isLessThan(10_000);
        assertThat(Files.readString(log)).contains("no-such-data-dir"); // the postmaster's own complaint
        assertThat(ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse("")))
                .noneMatch(c -> c.contains(dir.toString()));
    }
}
