package dev.manor.backup;

import dev.manor.config.ConnectionSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Backups that are proven by a restore: {@link #backup} writes a custom-format dump plus a manifest with exact row
 * counts, {@link #verify} restores it into a scratch database and compares, {@link #restore} puts it back.
 */
public final class BackupService {
    /** File names use UTC so they sort chronologically whatever the machine's zone. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IntFunction<PgTools> toolsForServerMajor;
    private final Path backupsDir;
    private final Clock clock;
    private final SchemaFingerprinter fingerprinter;

    /** Always uses these tools (they must be at least as new as each server they are used against). */
    public BackupService(PgTools tools, Path backupsDir, Clock clock) {
        this(tools::requireAtLeast, backupsDir, clock, SchemaFingerprinter.NOT_AVAILABLE);
    }

    /** Finds suitable tools per server: in {@code pgBinDir} ({@code backup_pg_bin_dir} in manor.toml) if set, else on PATH and in the usual folders. */
    public BackupService(Optional<Path> pgBinDir, Path backupsDir, Clock clock) {
        this(major -> PgTools.find(pgBinDir, major), backupsDir, clock, SchemaFingerprinter.NOT_AVAILABLE);
    }

    private BackupService(IntFunction<PgTools> toolsForServerMajor, Path backupsDir, Clock clock,
                          SchemaFingerprinter fingerprinter) {
        this.toolsForServerMajor = toolsForServerMajor;
        this.backupsDir = Objects.requireNonNull(backupsDir, "backupsDir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
    }

    /** The same service also recording and comparing schema fingerprints (the SchemaSnapshot hook). */
    public BackupService withSchemaFingerprinter(SchemaFingerprinter fingerprinter) {
        return new BackupService(toolsForServerMajor, backupsDir, clock, fingerprinter);
    }

    public Path backupsDir() {
        return backupsDir;
    }

    /** Where the manifest of a listed backup lives. */
    public Path manifestPath(BackupManifest manifest) {
        return backupsDir.resolve(manifest.manifestFileName());
    }

    /**
     * Dumps the whole target database and writes its manifest. Row counts of the managed schemas (all user schemas
     * when the list is empty) are taken in the snapshot pg_dump uses, so they describe exactly what the dump holds.
     */
    public BackupManifest backup(ConnectionSettings target, List<String> schemas, Optional<String> latestMigration) {
        createBackupsDir();
        Instant created = clock.instant();
        try (Connection c = ClientConnection.open(target)) {
            ServerVersion server = ServerVersion.of(c);
            PgTools tools = toolsForServerMajor.apply(server.major());

            // Export a snapshot and let pg_dump use it: the counts below and the dump then see the same data.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshot = queryString(c, "SELECT pg_export_snapshot()");
            List<String> managed = schemas.isEmpty() ? TableRowCounts.userSchemas(c) : List.copyOf(schemas);
            SortedMap<String, Long> counts = TableRowCounts.count(c, managed);
            String fingerprint = fingerprinter.fingerprint(c, managed).orElse(null);

            String base = freeBaseName(target.database(), created);
            Path dump = backupsDir.resolve(base + ".dump");
            Path partial = backupsDir.resolve(base + ".dump.partial");
            List<String> cmd = new ArrayList<>(List.of(tools.pgDump().toString(), "--format=custom",
                    "--file=" + partial, "--snapshot=" + snapshot));
            cmd.addAll(ClientConnection.toolArgs(target));
            try {
                OwnerOnly.createFile(partial); // pg_dump truncates it and keeps its mode
                ChildProcess.runOrThrow("pg_dump of " + target.describe(), cmd, ClientConnection.env(target),
                        target.effectivePassword());
                c.commit();
                Files.move(partial, dump, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }

            BackupManifest manifest = new BackupManifest(BackupManifest.CURRENT_VERSION, created, target.database(),
                    server.full(), server.major(), dump.getFileName().toString(), DumpChecksum.size(dump),
                    DumpChecksum.sha256(dump), latestMigration.orElse(null), managed, counts, tools.version(),
                    fingerprint, null);
            // The manifest is written last: a dump without a manifest is an unfinished backup.
            ManifestFiles.write(backupsDir.resolve(base + ".json"), manifest);
            return manifest;
        } catch (SQLException e) {
            throw new BackupException("backup of " + target.describe() + " failed: " + ClientConnection.masked(e, target), e);
        } catch (IOException e) {
            throw new BackupException("backup of " + target.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Proves a backup restorable: checksum, restore into a throwaway {@code manor_verify_*} database on the scratch
     * server, then table list, row counts and (when wired) schema fingerprint against the manifest. The scratch
     * database is always dropped. A success is recorded in the manifest file.
     */
    public VerificationResult verify(Path manifestFile, ConnectionSettings scratchServer) {
        long started = System.nanoTime();
        BackupManifest manifest = ManifestFiles.read(manifestFile);
        Path dump = manifestFile.resolveSibling(manifest.dumpFile());
        Optional<String> damaged = DumpChecksum.problem(manifest, dump);
        if (damaged.isPresent()) {
            return new VerificationResult(false, List.of(damaged.get()), List.of(), elapsedSince(started));
        }

        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        String scratchDb = "manor_verify_" + HexFormat.of().formatHex(suffix);
        ConnectionSettings scratch = scratchServer.withDatabase(scratchDb);
        PgTools tools;
        try (Connection admin = ClientConnection.open(scratchServer)) {
            ServerVersion server = ServerVersion.of(admin);
            // pg_restore must read the archive (as new as the pg_dump that wrote it) and talk to the scratch server.
            tools = toolsForServerMajor.apply(Math.max(server.major(), majorOf(manifest.pgDumpVersion())));
            if (server.major() < manifest.serverMajor()) {
                warnings.add("the scratch server is PostgreSQL " + server.major() + " but the backup came from "
                        + manifest.serverMajor() + "; a restore into an older major can fail on newer syntax");
            }
            execute(admin, "CREATE DATABASE " + TableRowCounts.quote(scratchDb) + " TEMPLATE template0");
            try {
                restoreAndCompare(manifest, dump, scratch, tools, problems);
            } finally {
                dropQuietly(admin, server, scratchDb, warnings);
            }
        } catch (SQLException e) {
            throw new BackupException("verification of " + manifestFile.getFileName() + " on " + scratchServer.describe()
                    + " failed: " + ClientConnection.masked(e, scratchServer), e);
        }

        Duration elapsed = elapsedSince(started);
        if (problems.isEmpty()) {
            ManifestFiles.write(manifestFile, manifest.withVerification(new BackupManifest.Verification(
                    clock.instant(), "ok", tools.version(), scratchServer.describe(), elapsed.toMillis())));
        }
        return new VerificationResult(problems.isEmpty(), problems, warnings, elapsed);
    }

    /**
     * Restores a backup over the target database in one transaction, after checking the dump's checksum.
     * Objects in the dump are dropped and recreated; objects created after the backup are left alone.
     */
    public void restore(Path manifestFile, ConnectionSettings target) {
        BackupManifest manifest = ManifestFiles.read(manifestFile);
        Path dump = manifestFile.resolveSibling(manifest.dumpFile());
        DumpChecksum.problem(manifest, dump).ifPresent(p -> {
            throw new BackupException("refusing to restore: " + p);
        });
        int serverMajor;
        try (Connection c = ClientConnection.open(target)) {
            serverMajor = ServerVersion.of(c).major();
        } catch (SQLException e) {
            throw new BackupException("cannot read the server version of " + target.describe() + ": "
                    + ClientConnection.masked(e, target), e);
        }
        PgTools tools = toolsForServerMajor.apply(Math.max(serverMajor, majorOf(manifest.pgDumpVersion())));
        List<String> cmd = new ArrayList<>(List.of(tools.pgRestore().toString(), "--clean", "--if-exists",
                "--single-transaction", "--exit-on-error", "--no-owner"));
        cmd.addAll(ClientConnection.toolArgs(target));
        cmd.add(dump.toString());
        ChildProcess.runOrThrow("restore of " + manifest.dumpFile() + " into " + target.describe(), cmd,
                ClientConnection.env(target), target.effectivePassword());
    }

    /** Exact row counts of the given schemas' tables now (all user schemas when empty), e.g. to show what a restore replaces. */
    public SortedMap<String, Long> rowCounts(ConnectionSettings target, List<String> schemas) {
        try (Connection c = ClientConnection.open(target)) {
            return TableRowCounts.count(c, schemas.isEmpty() ? TableRowCounts.userSchemas(c) : schemas);
        } catch (SQLException e) {
            throw new BackupException("cannot count rows in " + target.describe() + ": " + ClientConnection.masked(e, target), e);
        }
    }

    /** All backups in the backups directory, newest first. Files that are not readable manifests are skipped. */
    public List<BackupManifest> list() {
        if (!Files.isDirectory(backupsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(backupsDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .map(BackupService::readOrNull)
                    .filter(Objects::nonNull)
                    // Same-second backups get -2, -3... suffixes: longer name means later, then by name.
                    .sorted(Comparator.comparing(BackupManifest::createdAt)
                            .thenComparingInt((BackupManifest m) -> m.baseName().length())
                            .thenComparing(BackupManifest::baseName).reversed())
                    .toList();
        } catch (IOException e) {
            throw new BackupException("cannot list backups in " + backupsDir + ": " + e.getMessage(), e);
        }
    }

    /** The newest backup of the database that passed a restore test. */
    public Optional<BackupManifest> latestVerified(String database) {
        return list().stream()
                .filter(m -> database.equals(m.database()))
                .filter(m -> m.verified() != null && "ok".equals(m.verified().result()))
                .findFirst();
    }

    private void restoreAndCompare(BackupManifest manifest, Path dump, ConnectionSettings scratch, PgTools tools,
                                   List<String> problems) throws SQLException {
        // No privileges: roles granted on the source may not exist on the scratch server, and grants prove nothing here.
        List<String> cmd = new ArrayList<>(List.of(tools.pgRestore().toString(), "--exit-on-error", "--no-owner",
                "--no-privileges"));
        cmd.addAll(ClientConnection.toolArgs(scratch));
        cmd.add(dump.toString());
        ChildProcess.Outcome restored = ChildProcess.run(cmd, ClientConnection.env(scratch), scratch.effectivePassword());
        if (restored.exitCode() != 0) {
            problems.add("pg_restore could not restore " + manifest.dumpFile() + " (exit code " + restored.exitCode()
                    + "): " + ChildProcess.oneLine(restored.stderr()));
            return;
        }
        try (Connection c = ClientConnection.open(scratch)) {
            compareRowCounts(manifest.rowCounts(), TableRowCounts.count(c, manifest.schemas()), problems);
            compareFingerprints(manifest.schemaFingerprint(), fingerprinter.fingerprint(c, manifest.schemas()), problems);
        }
    }

    static void compareRowCounts(Map<String, Long> expected, Map<String, Long> actual, List<String> problems) {
        for (String table : new TreeSet<>(expected.keySet())) {
            Long got = actual.get(table);
            if (got == null) {
                problems.add("table " + table + " is missing from the restored copy");
            } else if (!got.equals(expected.get(table))) {
                problems.add("table " + table + " has " + got + " rows after restore, the backup recorded "
                        + expected.get(table));
            }
        }
        for (String table : new TreeSet<>(actual.keySet())) {
            if (!expected.containsKey(table)) {
                problems.add("table " + table + " appears in the restored copy but not in the manifest");
            }
        }
    }

    /** HOOK: schema structure comparison, active once a {@link SchemaFingerprinter} is wired and the manifest has one. */
    private static void compareFingerprints(String expected, Optional<String> restored, List<String> problems) {
        if (expected != null && restored.isPresent() && !expected.equals(restored.get())) {
            problems.add("schema fingerprint of the restored copy (" + restored.get() + ") differs from the backup's ("
                    + expected + ")");
        }
    }

    private static void dropQuietly(Connection admin, ServerVersion server, String database, List<String> warnings) {
        // FORCE (13+) ends any session still attached, e.g. one left by a failed restore.
        String force = server.major() >= 13 ? " WITH (FORCE)" : "";
        try {
            execute(admin, "DROP DATABASE IF EXISTS " + TableRowCounts.quote(database) + force);
        } catch (SQLException e) {
            warnings.add("could not drop scratch database " + database + ": " + e.getMessage());
        }
    }

    private String freeBaseName(String database, Instant created) {
        String base = database.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + STAMP.format(created);
        String candidate = base;
        // Two backups within one second must not overwrite each other.
        for (int n = 2; Files.exists(backupsDir.resolve(candidate + ".dump"))
                || Files.exists(backupsDir.resolve(candidate + ".json")); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    private void createBackupsDir() {
        try {
            OwnerOnly.createDirectories(backupsDir);
        } catch (IOException e) {
            throw new BackupException("cannot create backups directory " + backupsDir + ": " + e.getMessage(), e);
        }
    }

    private static BackupManifest readOrNull(Path file) {
        try {
            return ManifestFiles.read(file);
        } catch (BackupException e) {
            return null;
        }
    }

    private static int majorOf(String version) {
        if (version == null) {
            return 0;
        }
        return Integer.parseInt(version.replaceFirst("^(\\d+).*", "$1"));
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A server's version, full and major. */
    private record ServerVersion(String full, int major) {
        static ServerVersion of(Connection c) throws SQLException {
            return new ServerVersion(queryString(c, "SHOW server_version"), PgTools.serverMajor(c));
        }
    }
}
