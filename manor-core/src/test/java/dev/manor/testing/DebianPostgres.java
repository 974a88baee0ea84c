package dev.manor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL 15 server (/usr/lib/postgresql/15/bin) run by a test: a primary with wal_level=replica and
 * standbys made with {@code pg_basebackup -R}, each on a loopback port in a temp dir, stopped by PID on
 * {@link #close()}. The server refuses to run as root, so as root every command runs as the postgres user.
 * Also starts PgBouncer ({@link #startPgBouncer}) the same way.
 */
public final class DebianPostgres implements AutoCloseable {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path root;
    private final List<Long> pids = new ArrayList<>();
    private final java.util.Map<Integer, Long> pidByPort = new java.util.HashMap<>();

    private final Thread onExit = new Thread(this::close, "stop-debian-postgres");

    private DebianPostgres(Path root) {
        this.root = root;
        // a JVM ended by a signal skips close(): the servers must not outlive it
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Whether the server binaries are installed (./run-tests installs them). */
    public static boolean available() {
        return Files.isExecutable(BIN.resolve("postgres")) && Files.isExecutable(BIN.resolve("pg_basebackup"));
    }

    public static boolean pgBouncerAvailable() {
        return Files.isExecutable(PGBOUNCER);
    }

    /** An empty workspace; servers started on it are stopped and its files deleted on close. */
    public static DebianPostgres workspace() throws IOException {
        Path dir = Files.createTempDirectory("manor-pg15-");
        chown(dir);
        return new DebianPostgres(dir);
    }

    /** Starts a primary on {@code port}; {@code settings} are extra postgresql.conf lines. */
    public String startPrimary(int port, String... settings) throws IOException {
        Path data = root.resolve("primary-" + port);
        run("initdb", "-D", data.toString(), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8");
        List<String> conf = new ArrayList<>(List.of("listen_addresses = '127.0.0.1'", "port = " + port,
                "unix_socket_directories = '" + root + "'", "wal_level = replica", "max_wal_senders = 10",
                "hot_standby = on", "fsync = off", "full_page_writes = off", "wal_sender_timeout = '5s'",
                "wal_receiver_status_interval = '100ms'", "max_connections = 50"));
        conf.addAll(List.of(settings));
        Files.write(data.resolve("postgresql.conf"), conf, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(data.resolve("pg_hba.conf"), """
                local all all trust
                host all all 127.0.0.1/32 trust
                host replication all 127.0.0.1/32 trust
                """);
        start(data, port);
        return jdbcUrl(port, "postgres");
    }

    /** Stops the server on {@code port} now (fast shutdown, by PID). */
    public void stop(int port) {
        Long pid = pidByPort.remove(port);
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(DebianPostgres::stop);
        }
    }

    /**
     * Skips the test where Debian's server is not installed, except on CI, where ./run-tests installs it and its
     * absence is a failure.
     */
    public static void requireInstalled(boolean pgBouncerToo) {
        boolean present = available() && (!pgBouncerToo || pgBouncerAvailable());
        String what = "Debian's postgresql-15" + (pgBouncerToo ? " and pgbouncer" : "") + " (./run-tests installs them)";
        if (System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.assertTrue(present, what + " must be installed");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, what + " not installed");
    }

    /**
     * Clones the primary at {@code primaryPort} with {@code pg_basebackup -R} and starts it as a streaming standby
     * named {@code name} (its application_name in pg_stat_replication) on {@code port}.
     */
    public String startStandby(int primaryPort, int port, String name, String... settings) throws IOException {
        return startStandbyVia(primaryPort, primaryPort, port, name, settings);
    }

    /** Like {@link #startStandby}, streaming through {@code viaPort} (e.g. a {@link SlowLink}) once cloned. */
    public String startStandbyVia(int primaryPort, int viaPort, int port, String name, String... settings)
            throws IOException {
        Path data = root.resolve("standby-" + port);
        run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", "postgres", "-D",
                data.toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync", "-d",
                "application_name=" + name);
        Path auto = data.resolve("postgresql.auto.conf");
        Files.writeString(auto, Files.readString(auto).replace("port=" + primaryPort, "port=" + viaPort));
        List<String> conf = new ArrayList<>(List.of("port = " + port, "cluster_name = '" + name + "'"));
        conf.addAll(List.of(settings));
        Files.write(data.resolve("postgresql.conf"), conf, java.nio.file.StandardOpenOption.APPEND);
        start(data, port);
        return jdbcUrl(port, "postgres");
    }

    /**
     * PgBouncer in {@code poolMode} on {@code port} in front of the server at {@code serverPort} (every database,
     * trust auth).
     */
    public String startPgBouncer(int port, int serverPort, String poolMode) throws IOException {
        Path dir = root.resolve("pgbouncer-" + port);
        Files.createDirectories(dir);
        chown(dir);
        Path users = dir.resolve("users.txt");
        Files.writeString(users, "\"postgres\" \"\"\n");
        Path ini = dir.resolve("pgbouncer.ini");
        Path pidFile = dir.resolve("pgbouncer.pid");
        Files.writeString(ini, """
                [databases]
                * = host=127.0.0.1 port=%d
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = trust
                auth_file = %s
                pool_mode = %s
                max_client_conn = 200
                default_pool_size = 10
                ignore_startup_parameters = extra_float_digits,options
                logfile = %s
                pidfile = %s
                """.formatted(serverPort, port, users, poolMode, dir.resolve("pgbouncer.log"), pidFile));
        chown(users);
        chown(ini);
        run(PGBOUNCER.toString(), "-d", ini.toString());
        pids.add(waitForPid(pidFile, dir.resolve("pgbouncer.log")));
        waitForPort(port);
        return jdbcUrl(port, "postgres");
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A loopback port nothing listens on, below Linux's ephemeral range (32768-60999): a fixed port inside that
     * range can be taken by any outgoing connection's local end, which is how a standby once failed to bind on CI.
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free loopback port in 20000-32000");
    }

    public static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** Runs SQL on the server at {@code port} (database postgres). */
    public static void exec(int port, String sql) {
        exec(port, "postgres", sql);
    }

    /** Runs SQL in {@code database} on the server at {@code port}. */
    public static void exec(int port, String database, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(port, database)); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row {@code sql} returns in {@code database}, as text. */
    public static String queryOne(int port, String database, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(port, database)); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void start(Path data, int port) throws IOException {
        chown(data);
        try {
            run("pg_ctl", "-D", data.toString(), "-l", data.resolve("server.log").toString(), "-w", "-t", "300",
                    "start");
        } catch (IOException e) {
            // a server that started but never became ready must not outlive the test
            Path pidFile = data.resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()))
                        .ifPresent(DebianPostgres::stop);
            }
            Path log = data.resolve("server.log");
            throw new IOException(e.getMessage() + (Files.exists(log) ? "\n" + Files.readString(log) : ""), e);
        }
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        pids.add(pid);
        pidByPort.put(port, pid);
    }

    /** Stops every server started here (fast shutdown, by PID) and deletes the workspace. */
    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException alreadyExiting) {
            // called by the hook itself
        }
        for (int i = pids.size() - 1; i >= 0; i--) {
            ProcessHandle.of(pids.get(i)).ifPresent(DebianPostgres::stop);
        }
        pids.clear();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** SIGINT is PostgreSQL's fast shutdown (and ends PgBouncer); SIGKILL if it lingers. */
    private static void stop(ProcessHandle p) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            p.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    private static long waitForPid(Path pidFile, Path log) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).trim();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            pause(50);
        }
        throw new IOException("pgbouncer did not start: " + (Files.exists(log) ? Files.readString(log) : "no log"));
    }

    private static void waitForPort(int port) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                pause(50);
            }
        }
        throw new IOException("nothing listens on port " + port);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void chown(Path p) throws IOException {
        if (ROOT) {
            exec(List.of("chown", "-R", "postgres:postgres", p.toString()));
        }
    }

    private void run(String tool, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ROOT) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(tool.startsWith("/") ? tool : BIN.resolve(tool).toString());
        cmd.addAll(List.of(args));
        exec(cmd);
    }

    private static void exec(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
    }
}
