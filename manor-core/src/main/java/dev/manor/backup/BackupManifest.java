package dev.manor.backup;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a backup contains and how to prove it: written as {@code <name>.json} beside {@code <name>.dump}.
 * Row counts were taken in the same snapshot pg_dump used, so a restore must reproduce them exactly.
 *
 * @param manifestVersion   format version of this file, for future readers
 * @param createdAt         when the backup was taken
 * @param database          source database name
 * @param serverVersion     source server version as reported by {@code server_version}, e.g. "15.15"
 * @param serverMajor       source server major, e.g. 15
 * @param dumpFile          file name of the dump (custom format), in the same directory as the manifest
 * @param sizeBytes         size of the dump file
 * @param sha256            SHA-256 of the dump file, lowercase hex
 * @param latestMigration   id of the latest applied migration at backup time, or null if unknown/none
 * @param schemas           the managed schemas whose rows were counted (the dump holds the whole database)
 * @param rowCounts         exact row count per table, keyed by {@code schema.table}, sorted
 * @param pgDumpVersion     version of the pg_dump that wrote the dump, e.g. "15.18"
 * @param schemaFingerprint fingerprint of the managed schemas' structure, or null while no fingerprinter is wired
 * @param verified          the last successful restore test, or null until one succeeds
 */
public record BackupManifest(
        int manifestVersion,
        Instant createdAt,
        String database,
        String serverVersion,
        int serverMajor,
        String dumpFile,
        long sizeBytes,
        String sha256,
        String latestMigration,
        List<String> schemas,
        Map<String, Long> rowCounts,
        String pgDumpVersion,
        String schemaFingerprint,
        Verification verified) {

    public static final int CURRENT_VERSION = 1;

    public BackupManifest {
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        rowCounts = rowCounts == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(rowCounts));
    }

    /**
     * A successful restore test.
     *
     * @param verifiedAt       when it finished
     * @param result           "ok" (only successes are recorded)
     * @param pgRestoreVersion version of the pg_restore used
     * @param scratchServer    where the scratch copy was restored (password-free description)
     * @param durationMillis   how long checksum, restore and comparison took
     */
    public record Verification(Instant verifiedAt, String result, String pgRestoreVersion, String scratchServer,
                               long durationMillis) {
    }

    public BackupManifest withVerification(Verification verification) {
        return new BackupManifest(manifestVersion, createdAt, database, serverVersion, serverMajor, dumpFile, sizeBytes,
                sha256, latestMigration, schemas, rowCounts, pgDumpVersion, schemaFingerprint, verification);
    }

    /** The latest applied migration at backup time, if the caller knew it. */
    public Optional<String> latestMigrationId() {
        return Optional.ofNullable(latestMigration);
    }

    /** The file name of this manifest: the dump's name with {@code .json} instead of {@code .dump}. */
    public String manifestFileName() {
        return baseName() + ".json";
    }

    /** The shared name of the dump and manifest, e.g. {@code shop-20261124-081500}. */
    public String baseName() {
        return dumpFile.endsWith(".dump") ? dumpFile.substring(0, dumpFile.length() - ".dump".length()) : dumpFile;
    }
}
