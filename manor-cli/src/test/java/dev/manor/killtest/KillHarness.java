package dev.manor.killtest;

import dev.manor.embedded.ThrowawayServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Kill trials against one server and one generated project. The references are deployed once without
 * kills: a deployed database (also the template every rollback trial starts from) and that database rolled
 * back to {@link KillProject#rollbackTarget()}. A trial deploys (or rolls back) on a fresh database, SIGKILLs
 * the deployer one to three times, runs it again to completion, and compares the end state with the
 * reference ({@link DatabaseState#differencesFrom}).
 */
public final class KillHarness implements AutoCloseable {
    /** How long a deploy or rollback may take before the trial gives up on it (a hang is a failure too). */
    private static final long RUN_TIMEOUT_MS = 180_000;
    private static final int MAX_KILLS = 3;

    private final ThrowawayServer server;
    private final Path work;
    private final KillProject project;
    private final long seed;
    private final String deployedTemplate;
    private final DatabaseState deployed;
    private final DatabaseState rolledBack;
    private final long deployMillis;
    private final long rollbackMillis;
    private final Map<String, String> prefixTemplates = new HashMap<>();

    /** One trial's outcome. */
    public record TrialResult(int index, KillKind kind, int killsLanded, Verdict verdict,
                              List<DatabaseState.Difference> differences, int failedReruns, long millis, Path log) {
        public String summary() {
            String first = differences.isEmpty() ? "" : " " + differences.get(0)
                    + (differences.size() > 1 ? " (+" + (differences.size() - 1) + " more)" : "");
            return "trial " + index + " " + kind.label() + ": " + verdict.label() + ", " + killsLanded + " kill"
                    + (killsLanded == 1 ? "" : "s") + ", " + millis + " ms"
                    + (failedReruns > 0 ? ", the run after the kills failed " + failedReruns + "x" : "") + first;
        }
    }

    private KillHarness(ThrowawayServer server, Path work, KillProject project, long seed, String deployedTemplate,
                        DatabaseState deployed, DatabaseState rolledBack, long deployMillis, long rollbackMillis) {
        this.server = server;
        this.work = work;
        this.project = project;
        this.seed = seed;
        this.deployedTemplate = deployedTemplate;
        this.deployed = deployed;
        this.rolledBack = rolledBack;
        this.deployMillis = deployMillis;
        this.rollbackMillis = rollbackMillis;
    }

    /**
     * Writes the project under {@code work} and deploys the references on {@code server}. The server stays
     * the caller's; closing the harness drops the databases it made.
     */
    public static KillHarness prepare(ThrowawayServer server, Path work, long seed, int rows, int migrations)
            throws Exception {
        KillProject project = KillProject.write(work.resolve("project"), seed, rows, migrations);
        Path log = work.resolve("reference.log");
        String template = "killref_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        create(server, template, null);
        long t0 = System.nanoTime();
        int code = run(project, log, null, server.jdbcUrl(template), deployArgs(project, null));
        long deployMillis = (System.nanoTime() - t0) / 1_000_000;
        if (code != 0) {
            throw new IllegalStateException("the reference deploy failed (exit " + code + "); see " + log);
        }
        DatabaseState deployed = DatabaseState.read(server.jdbcUrl(template));
        String rolled = template + "_rb";
        create(server, rolled, template);
        long t1 = System.nanoTime();
        code = run(project, log, null, server.jdbcUrl(rolled), rollbackArgs(project));
        long rollbackMillis = (System.nanoTime() - t1) / 1_000_000;
        if (code != 0) {
            throw new IllegalStateException("the reference rollback failed (exit " + code + "); see " + log);
        }
        DatabaseState rolledBack = DatabaseState.read(server.jdbcUrl(rolled));
        server.dropDatabase(rolled);
        return new KillHarness(server, work, project, seed, template, deployed, rolledBack, deployMillis,
                rollbackMillis);
    }

    public KillProject project() {
        return project;
    }

    public long deployMillis() {
        return deployMillis;
    }

    public long rollbackMillis() {
        return rollbackMillis;
    }

    public DatabaseState deployedReference() {
        return deployed;
    }

    /** A new database holding the fully deployed reference (for checks of the comparison itself). */
    public String cloneDeployed() throws SQLException {
        String name = deployedTemplate + "_c" + UUID.randomUUID().toString().substring(0, 6);
        create(server, name, deployedTemplate);
        return name;
    }

    public ThrowawayServer server() {
        return server;
    }

    /** The random generator of trial {@code index}: a trial is reproduced by its seed and index alone. */
    private Random trialRandom(int index) {
        return new Random(seed * 1_000_003L + index);
    }

    public TrialResult trial(int index, KillKind kind) throws Exception {
        Random random = trialRandom(index);
        Path dir = work.resolve("trial-" + index);
        Files.createDirectories(dir);
        Path log = dir.resolve("deployer.log");
        String db = "kill_" + index + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        // Start just before the aimed-at step, so that the kills hit varied migrations.
        String prefix = prefixTarget(kind, random);
        String template = startingPoint(kind.rollback(), prefix);
        long t0 = System.nanoTime(); // a shared starting point is set-up, not trial time
        create(server, db, template);
        String url = server.jdbcUrl(db);
        try {
            List<String> args = kind.rollback() ? rollbackArgs(project) : deployArgs(project, null);
            int kills = 1 + random.nextInt(MAX_KILLS);
            int landed = 0;
            for (int k = 0; k < kills; k++) {
                Attempt a = attempt(kind, random, url, args, log);
                if (a == Attempt.KILLED) {
                    landed++;
                } else if (a == Attempt.FINISHED) {
                    break;
                }
            }
            int failedReruns = 0;
            boolean finished = false;
            for (int attempt = 0; attempt < 2 && !finished; attempt++) {
                int code = run(project, log, null, url, args);
                finished = code == 0;
                if (!finished) {
                    failedReruns++;
                    Thread.sleep(1000);
                }
            }
            List<DatabaseState.Difference> differences = new ArrayList<>();
            if (!finished) {
                differences.add(new DatabaseState.Difference(Verdict.NEEDS_REPAIR, "running '" + String.join(" ", args)
                        + "' again failed twice: " + lastError(log)));
            }
            DatabaseState end = DatabaseState.read(url);
            differences.addAll(end.differencesFrom(kind.rollback() ? rolledBack : deployed, kind.rollback()));
            Verdict verdict = Verdict.worst(differences.stream().map(DatabaseState.Difference::kind).toList());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            if (verdict == Verdict.OK) {
                deleteTree(dir);
            } else {
                Files.writeString(dir.resolve("differences.txt"), String.join("\n",
                        differences.stream().map(Object::toString).toList()) + "\n");
            }
            return new TrialResult(index, kind, landed, verdict, differences, failedReruns, millis, log);
        } finally {
            server.dropDatabase(db);
        }
    }

    /**
     * The template a trial's database is copied from: none (empty), the deployed reference, or a database
     * deployed up to (rolled back to) {@code prefix} without kills, made once and kept for later trials.
     */
    private String startingPoint(boolean rollback, String prefix) throws Exception {
        if (prefix == null) {
            return rollback ? deployedTemplate : null;
        }
        String key = (rollback ? "rollback " : "deploy ") + prefix;
        String template = prefixTemplates.get(key);
        if (template == null) {
            template = deployedTemplate + "_p" + prefixTemplates.size();
            create(server, template, rollback ? deployedTemplate : null);
            Path log = work.resolve("reference.log");
            List<String> args = rollback ? rollbackToArgs(project, prefix) : deployArgs(project, prefix);
            if (run(project, log, null, server.jdbcUrl(template), args) != 0) {
                throw new IllegalStateException("preparing " + key + " failed; see " + log);
            }
            prefixTemplates.put(key, template);
        }
        return template;
    }

    private enum Attempt { KILLED, FINISHED, FAILED }

    /** One run of the deployer that is killed at the kind's moment, unless it ends first. */
    private Attempt attempt(KillKind kind, Random random, String url, List<String> args, Path log) throws Exception {
        ManorProcess p = ManorProcess.start(log, kind.failpoint(), commandLine(project, url, args));
        boolean aimed;
        if (kind.failpoint() != null) {
            aimed = p.awaitFailpoint(RUN_TIMEOUT_MS);
        } else if (!kind.markers().isEmpty()) {
            String marker = kind.markers().get(random.nextInt(kind.markers().size()));
            aimed = pollUntil(p, url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND state = 'active' AND query LIKE '" + marker + "' AND pid <> pg_backend_pid()");
            if (aimed) {
                // most likely still inside the statement (the marked sleeps take 250-310 ms)
                Thread.sleep(random.nextInt(100));
            }
        } else if (kind == KillKind.DEPLOY_BACKFILL_RUNNING) {
            int batches = 1 + random.nextInt(20);
            aimed = pollUntil(p, url, "SELECT count(*) FROM manor.manor_backfills WHERE status = 'running'"
                    + " AND batches >= " + batches);
        } else {
            long span = kind.rollback() ? rollbackMillis : deployMillis;
            aimed = !p.waitFor(random.nextLong(span + 1));
        }
        if (aimed && p.kill()) {
            return Attempt.KILLED;
        }
        int code = p.await(RUN_TIMEOUT_MS);
        return code == 0 ? Attempt.FINISHED : Attempt.FAILED;
    }

    /** Polls every few milliseconds until the query counts a row; false when the process ended first. */
    private static boolean pollUntil(ManorProcess p, String url, String countQuery) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT_MS * 1_000_000;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery(countQuery)) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        return true;
                    }
                } catch (SQLException e) {
                    if (!"42P01".equals(e.getSQLState())) { // manor_backfills does not exist yet
                        throw e;
                    }
                }
                Thread.sleep(3);
            }
        }
        return false;
    }

    /**
     * The id an aimed trial first deploys (or rolls back) to, so that its kills land at a randomly chosen
     * migration of the kind it aims at; null to start from the beginning.
     */
    private String prefixTarget(KillKind kind, Random random) {
        if (kind.random()) {
            return null;
        }
        List<KillProject.Entry> entries = project.entries();
        int first = kind.rollback() ? entries.size() - KillProject.ROLLED_BACK : 0;
        List<Integer> targets = new ArrayList<>();
        for (int i = first; i < entries.size(); i++) {
            if (aimsAt(kind, entries.get(i).kind())) {
                targets.add(i);
            }
        }
        if (targets.isEmpty()) {
            return null;
        }
        int t = targets.get(random.nextInt(targets.size()));
        if (kind.rollback()) {
            // rolling back to the aimed-at migration leaves it the newest applied one: the next rollback starts there
            return t == entries.size() - 1 ? null : entries.get(t).id();
        }
        return t == 0 ? null : entries.get(t - 1).id();
    }

    private static boolean aimsAt(KillKind kind, KillProject.Kind migration) {
        return switch (kind) {
            case DEPLOY_NOTX_IN_FLIGHT, NOTX_STATEMENT_DONE, ROLLBACK_NOTX_IN_FLIGHT, DOWN_STATEMENT_DONE ->
                    migration == KillProject.Kind.NOTX;
            case DEPLOY_TX_IN_FLIGHT -> migration == KillProject.Kind.SLOW_DDL;
            case DEPLOY_BACKFILL_RUNNING, BACKFILL_BATCH_DONE -> migration == KillProject.Kind.BACKFILL;
            case MIGRATION_COMMITTED, ROLLBACK_COMMITTED -> migration != KillProject.Kind.NOTX;
            default -> true;
        };
    }

    private static List<String> deployArgs(KillProject project, String upTo) {
        return upTo == null ? List.of("deploy") : List.of("deploy", "--to", upTo);
    }

    private static List<String> rollbackArgs(KillProject project) {
        return rollbackToArgs(project, project.rollbackTarget());
    }

    private static List<String> rollbackToArgs(KillProject project, String id) {
        return List.of("rollback", "--to", id);
    }

    /** {@code -C <project> <command...> --url <url>}. */
    private static List<String> commandLine(KillProject project, String url, List<String> command) {
        List<String> all = new ArrayList<>(List.of("-C", project.root().toString()));
        all.addAll(command);
        all.add("--url");
        all.add(url);
        return all;
    }

    /** Runs manor to its end; its exit code. */
    private static int run(KillProject project, Path log, String failpoint, String url, List<String> command)
            throws InterruptedException {
        return ManorProcess.start(log, failpoint, commandLine(project, url, command)).await(RUN_TIMEOUT_MS);
    }

    private static String lastError(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.filter(l -> !l.isBlank()).toList();
            return all.isEmpty() ? "(no output)" : all.get(all.size() - 1);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void create(ThrowawayServer server, String name, String template) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        prefixTemplates.values().forEach(server::dropDatabase);
        server.dropDatabase(deployedTemplate);
    }
}
