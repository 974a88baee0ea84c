package dev.manor.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manor.config.ConnectionSettings;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real PostgreSQL 15 with the real Debian 15 tools: pg_dump 15 cannot dump a 17 server. */
class BackupServiceTest {
    static final int MAJOR = 15;

    @TempDir
    Path backupsDir;
    TestDb db;
    BackupService service;

    @BeforeEach
    void createDatabaseWithData() {
        db = PgServers.freshDb(MAJOR);
        db.exec("""
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');
                CREATE SCHEMA billing;
                CREATE TABLE billing.invoices (id serial PRIMARY KEY, customer_id int REFERENCES customers, cents bigint);
                INSERT INTO billing.invoices (customer_id, cents) SELECT 1 + g % 2, g * 100 FROM generate_series(1, 250) g;
                CREATE TABLE billing."Odd Name" (x int);
                CREATE VIEW billing.totals AS SELECT customer_id, sum(cents) FROM billing.invoices GROUP BY 1;
                """);
        service = new BackupService(PgTools.at(PgToolsTest.DEBIAN_15), backupsDir, Clock.systemUTC());
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    ConnectionSettings target() {
        return new ConnectionSettings(db.url(), null, null);
    }

    ConnectionSettings scratchServer() {
        return new ConnectionSettings(db.server().jdbcUrl("postgres"), null, null);
    }

    Path manifestFile(BackupManifest m) {
        return service.manifestPath(m);
    }

    /** A backup is a full copy of the data: only its owner may read it, whatever the umask (often 022). */
    @Test
    void backupFilesAndFoldersAreOwnerOnly() throws IOException {
        Path nested = backupsDir.resolve("backups").resolve("prod");
        BackupService nestedService = new BackupService(PgTools.at(PgToolsTest.DEBIAN_15), nested, Clock.systemUTC());
        BackupManifest m = nestedService.backup(target(), List.of(), Optional.empty());
        assertThat(nestedService.verify(nestedService.manifestPath(m), scratchServer()).ok()).isTrue();

        assertThat(Files.getPosixFilePermissions(nested.getParent())).containsExactlyInAnyOrderElementsOf(OWNER_DIR);
        assertThat(Files.getPosixFilePermissions(nested)).containsExactlyInAnyOrderElementsOf(OWNER_DIR);
        assertThat(Files.getPosixFilePermissions(nested.resolve(m.dumpFile()))).containsExactlyInAnyOrderElementsOf(OWNER_FILE);
        assertThat(Files.getPosixFilePermissions(nestedService.manifestPath(m))).containsExactlyInAnyOrderElementsOf(OWNER_FILE);
    }

    static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_DIR =
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
    static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_FILE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    @Test
    void aBackupVerifiesByRestoreAndRecordsCountsChecksumAndSize() throws IOException {
        long t0 = System.nanoTime();
        BackupManifest m = service.backup(target(), List.of("public", "billing"), Optional.of("0007_add_invoices"));
        long t1 = System.nanoTime();
        VerificationResult result = service.verify(manifestFile(m), scratchServer());
        long t2 = System.nanoTime();
        System.out.printf("backup %d ms, verify %d ms, dump %d bytes%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, m.sizeBytes());

        assertThat(result.problems()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(m.rowCounts()).containsExactly(
                Map.entry("billing.Odd Name", 0L), Map.entry("billing.invoices", 250L), Map.entry("public.customers", 2L));
        Path dump = backupsDir.resolve(m.dumpFile());
        assertThat(m.dumpFile()).matches(db.name() + "-\\d{8}-\\d{6}\\.dump");
        assertThat(m.sizeBytes()).isEqualTo(Files.size(dump)).isPositive();
        assertThat(m.sha256()).hasSize(64).isEqualTo(DumpChecksum.sha256(dump));
        assertThat(m.database()).isEqualTo(db.name());
        assertThat(m.serverMajor()).isEqualTo(MAJOR);
        assertThat(m.serverVersion()).startsWith("15.");
        assertThat(m.pgDumpVersion()).startsWith("15.");
        assertThat(m.latestMigrationId()).contains("0007_add_invoices");
        assertThat(m.schemas()).containsExactly("public", "billing");
        assertThat(m.verified()).isNull();

        BackupManifest reread = ManifestFiles.read(manifestFile(m));
        assertThat(reread.verified()).isNotNull();
        assertThat(reread.verified().result()).isEqualTo("ok");
        assertThat(reread.rowCounts()).isEqualTo(m.rowCounts());
        assertThat(service.latestVerified(db.name())).map(BackupManifest::dumpFile).contains(m.dumpFile());
        assertThat(scratchDatabasesLeft()).isZero();
    }

    @Test
    void aFlippedByteFailsVerificationOnTheChecksum() throws IOException {
        BackupManifest m = service.backup(target(), List.of("public", "billing"), Optional.empty());
        Path dump = backupsDir.resolve(m.dumpFile());
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            f.seek(m.sizeBytes() / 2);
            int b = f.read();
            f.seek(m.sizeBytes() / 2);
            f.write(b ^ 0x01);
        }

        VerificationResult result = service.verify(manifestFile(m), scratchServer());

        assertThat(result.ok()).isFalse();
        assertThat(result.summary()).contains("checksum mismatch for " + m.dumpFile()).contains("corrupted");
        assertThat(ManifestFiles.read(manifestFile(m)).verified()).isNull();
        assertThat(service.latestVerified(db.name())).isEmpty();
        assertThatThrownBy(() -> service.restore(manifestFile(m), target()))
                .hasMessageStartingWith("refusing to restore: checksum mismatch");
    }

    @Test
    void aRestoredCopyThatDoesNotMatchTheRecordedCountsFailsVerification() throws IOException {
        BackupManifest m = service.backup(target(), List.of("public", "billing"), Optional.empty());
        // The dump is intact; the manifest now claims rows and a table the dump does not hold.
        ObjectNode json = (ObjectNode) ManifestFiles.JSON.readTree(manifestFile(m).toFile());
        ((ObjectNode) json.get("rowCounts")).put("public.customers", 3).put("public.ghost", 1).remove("billing.Odd Name");
        ManifestFiles.JSON.writeValue(manifestFile(m).toFile(), json);

        VerificationResult result = service.verify(manifestFile(m), scratchServer());

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).containsExactly(
                "table public.customers has 2 rows after restore, the backup recorded 3",
                "table public.ghost is missing from the restored copy",
                "table billing.Odd Name appears in the restored copy but not in the manifest");
        assertThat(scratchDatabasesLeft()).isZero();
    }

    @Test
    void countsAndDumpComeFromTheSameSnapshotWhileWritesContinue() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                while (writing.get()) {
                    s.execute("INSERT INTO customers SELECT max(id) + 1, 'new' FROM customers");
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try {
            Thread.sleep(50);
            BackupManifest m = service.backup(target(), List.of("public", "billing"), Optional.empty());

            VerificationResult result = service.verify(manifestFile(m), scratchServer());

            assertThat(result.problems()).isEmpty();
            assertThat(m.rowCounts().get("public.customers")).isGreaterThan(2L);
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    @Test
    void aWiredSchemaFingerprintIsRecordedAndCompared() throws IOException {
        SchemaFingerprinter columns = (c, schemas) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT md5(string_agg(col, ',' ORDER BY col)) FROM"
                    + " (SELECT table_schema || '.' || table_name || '.' || column_name || ':' || data_type AS col"
                    + " FROM information_schema.columns WHERE table_schema = ANY (?)) cols")) {
                ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.of(rs.getString(1));
                }
            }
        };
        BackupService fingerprinting = service.withSchemaFingerprinter(columns);
        BackupManifest m = fingerprinting.backup(target(), List.of("public", "billing"), Optional.empty());
        assertThat(m.schemaFingerprint()).hasSize(32);
        assertThat(fingerprinting.verify(manifestFile(m), scratchServer()).problems()).isEmpty();

        ObjectNode json = (ObjectNode) ManifestFiles.JSON.readTree(manifestFile(m).toFile());
        json.put("schemaFingerprint", "0".repeat(32));
        ManifestFiles.JSON.writeValue(manifestFile(m).toFile(), json);

        assertThat(fingerprinting.verify(manifestFile(m), scratchServer()).problems()).containsExactly(
                "schema fingerprint of the restored copy (" + m.schemaFingerprint() + ") differs from the backup's ("
                        + "0".repeat(32) + ")");
    }

    @Test
    void aMissingDumpFailsVerificationAndRestoreClearly() throws IOException {
        BackupManifest m = service.backup(target(), List.of("public"), Optional.empty());
        Files.delete(backupsDir.resolve(m.dumpFile()));

        assertThat(service.verify(manifestFile(m), scratchServer()).problems())
                .containsExactly("dump file " + backupsDir.resolve(m.dumpFile()) + " is missing");
        assertThatThrownBy(() -> service.restore(manifestFile(m), target()))
                .hasMessageStartingWith("refusing to restore: dump file").hasMessageEndingWith("is missing");
        assertThatThrownBy(() -> service.verify(backupsDir.resolve("nope.json"), scratchServer()))
                .hasMessage("backup manifest " + backupsDir.resolve("nope.json") + " does not exist");
    }

    @Test
    void aTruncatedDumpWithAMatchingChecksumFailsInPgRestore() throws IOException {
        BackupManifest m = service.backup(target(), List.of("public", "billing"), Optional.empty());
        Path dump = backupsDir.resolve(m.dumpFile());
        byte[] bytes = Files.readAllBytes(dump);
        Files.write(dump, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ObjectNode json = (ObjectNode) ManifestFiles.JSON.readTree(manifestFile(m).toFile());
        json.put("sha256", DumpChecksum.sha256(dump)).put("sizeBytes", Files.size(dump));
        ManifestFiles.JSON.writeValue(manifestFile(m).toFile(), json);

        VerificationResult result = service.verify(manifestFile(m), scratchServer());
        System.out.println("truncated dump: " + result.summary());

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).singleElement().asString()
                .startsWith("pg_restore could not restore " + m.dumpFile())
                .doesNotContain("\n");
        assertThat(ManifestFiles.read(manifestFile(m)).verified()).isNull();
        assertThat(scratchDatabasesLeft()).isZero();
    }

    @Test
    void restoreBringsBackRowsChangedAfterTheBackup() {
        BackupManifest m = service.backup(target(), List.of("public", "billing"), Optional.empty());
        db.exec("DELETE FROM billing.invoices WHERE id > 10; UPDATE customers SET name = 'changed'; "
                + "DROP TABLE billing.\"Odd Name\"");

        service.restore(manifestFile(m), target());

        assertThat(db.queryOne("SELECT count(*) FROM billing.invoices")).isEqualTo(250L);
        assertThat(db.queryOne("SELECT string_agg(name, ',' ORDER BY id) FROM customers")).isEqualTo("Ada,Grace");
        assertThat(db.queryOne("SELECT to_regclass('billing.\"Odd Name\"') IS NOT NULL")).isEqualTo(true);
        assertThat(db.queryOne("SELECT count(*) FROM billing.totals")).isEqualTo(2L);
    }

    @Test
    void listsNewestFirstAndFindsTheLatestVerified() {
        Instant early = Instant.parse("2026-01-02T03:04:05Z");
        BackupService atEarly = new BackupService(PgTools.at(PgToolsTest.DEBIAN_15), backupsDir, Clock.fixed(early, ZoneOffset.UTC));
        BackupService atLate = new BackupService(PgTools.at(PgToolsTest.DEBIAN_15), backupsDir,
                Clock.fixed(early.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        BackupManifest first = atEarly.backup(target(), List.of(), Optional.empty());
        BackupManifest sameSecond = atEarly.backup(target(), List.of(), Optional.empty());
        BackupManifest last = atLate.backup(target(), List.of(), Optional.empty());

        assertThat(first.dumpFile()).isEqualTo(db.name() + "-20260102-030405.dump");
        assertThat(sameSecond.dumpFile()).isEqualTo(db.name() + "-20260102-030405-2.dump");
        assertThat(first.schemas()).containsExactly("billing", "public");
        assertThat(service.list()).extracting(BackupManifest::dumpFile)
                .containsExactly(last.dumpFile(), sameSecond.dumpFile(), first.dumpFile());
        assertThat(service.latestVerified(db.name())).isEmpty();

        assertThat(service.verify(manifestFile(first), scratchServer()).ok()).isTrue();

        assertThat(service.latestVerified(db.name())).map(BackupManifest::dumpFile).contains(first.dumpFile());
        assertThat(service.latestVerified("some_other_db")).isEmpty();
    }

    @Test
    void thePasswordNeverAppearsInErrors() {
        String role = "manor_backup_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Sup3r-S3cret-" + UUID.randomUUID();
        db.exec("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        try {
            // The role may read the managed schema but not a private one, so pg_dump (not JDBC) is what fails.
            db.exec("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role + "; "
                    + "CREATE SCHEMA private; CREATE TABLE private.secrets (x int); REVOKE ALL ON SCHEMA private FROM PUBLIC");
            String urlWithUserOnly = db.url().replace("?user=postgres", "");
            ConnectionSettings asRole = new ConnectionSettings(urlWithUserOnly, role, password);
            assertThatThrownBy(() -> service.backup(asRole, List.of("public"), Optional.empty()))
                    .hasMessageContaining("pg_dump of")
                    .hasMessageContaining("permission denied")
                    .hasMessageNotContaining(password);

            ConnectionSettings passwordInUrl = new ConnectionSettings(
                    urlWithUserOnly.replace(db.name(), "no_such_db") + "?user=" + role + "&password=" + password, null, null);
            assertThatThrownBy(() -> service.backup(passwordInUrl, List.of("public"), Optional.empty()))
                    .hasMessageContaining("no_such_db")
                    .hasMessageNotContaining(password);
            assertThatThrownBy(() -> service.verify(backupsDir.resolve("missing.json"), passwordInUrl))
                    .hasMessageNotContaining(password);
            assertThat(backupsDir).isEmptyDirectory();
        } finally {
            db.exec("DROP SCHEMA IF EXISTS private CASCADE; REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + role);
            db.exec("DROP ROLE " + role);
        }
    }

    private long scratchDatabasesLeft() {
        return (Long) db.queryOne("SELECT count(*) FROM pg_database WHERE datname LIKE 'manor\\_verify\\_%'");
    }
}
