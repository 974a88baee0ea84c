package dev.manor.proof;

import dev.manor.history.StatusReport;
import dev.manor.schema.SchemaSnapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The schema the applied migrations produce, kept in a file between {@code status} runs so that the drift check
 * rebuilds them in a shadow only when they changed.
 * <p>
 * Why a cached snapshot and not an incremental replay: a replay, even of one new migration, needs a shadow server
 * running and the previous shadow's state kept somewhere (a database to restore); a snapshot is one file read, and
 * the key below names everything the rebuilt schema depends on, so any change simply rebuilds in full as before.
 * Histories change far less often than status is asked. The live side is read every time: that is the drift.
 * <p>
 * The key: this file's format, Manor's schema reader (a new Manor may read more), the server major, the managed
 * schemas, where shadows come from, each replayed migration's id and SQL text in order, and each repeatable
 * script's text as last applied. Then the snapshot's fingerprint, so that an unchanged live schema is known
 * without parsing or diffing the snapshot, then the snapshot. The file is written to a temp file and renamed; a
 * file that does not parse or holds another key is rebuilt over.
 */
public final class DriftCache {
    static final String FORMAT = "manor drift cache v2";
    /** The last line: a file without it was cut short, even where its fingerprint line is whole. */
    private static final String TRAILER = "\nend of manor drift cache\n";
    private static final String READER_VERSION = readerVersion();

    private final Path file;
    private final String shadowIdentity;

    /**
     * @param file           where the snapshot is kept (one file per target database)
     * @param shadowIdentity where shadows come from ("embedded", or the shadow server), part of the key
     */
    public DriftCache(Path file, String shadowIdentity) {
        this.file = file;
        this.shadowIdentity = shadowIdentity;
    }

    /** The cache file of {@code target} (a database's description) under the project's {@code .manor/} folder. */
    public static DriftCache inProject(Path projectDir, String target, String shadowIdentity) {
        String name = sha256(target).substring(0, 16) + ".snapshot";
        return new DriftCache(projectDir.resolve(".manor").resolve("drift").resolve(name), shadowIdentity);
    }

    public Path file() {
        return file;
    }

    /** The key of the schema that replaying {@code replayed} (in order) on {@code serverMajor} produces. */
    String key(int serverMajor, List<String> schemas, List<StatusReport.Entry> replayed,
               List<StatusReport.Repeatable> repeatables) {
        StringBuilder b = new StringBuilder(FORMAT).append('\n').append(READER_VERSION).append('\n')
                .append(serverMajor).append('\n').append(String.join(",", schemas)).append('\n')
                .append(shadowIdentity).append('\n');
        for (StatusReport.Entry e : replayed) {
            b.append(e.id()).append(' ').append(sha256(e.migration().upSql())).append('\n');
        }
        for (StatusReport.Repeatable r : repeatables) {
            if (r.appliedSql() != null) {
                b.append("repeatable ").append(r.name()).append(' ').append(sha256(r.appliedSql())).append('\n');
            }
        }
        return sha256(b.toString());
    }

    /** What the cache holds under one key: the snapshot's fingerprint, and the snapshot itself on demand. */
    final class Entry {
        private final String fingerprint;
        private final String json;

        private Entry(String fingerprint, String json) {
            this.fingerprint = fingerprint;
            this.json = json;
        }

        /** {@link SchemaSnapshot#fingerprint()} of the cached snapshot: equal to the live one's means no drift. */
        String fingerprint() {
            return fingerprint;
        }

        /** The snapshot, parsed only when asked (a cold ObjectMapper and a 1,000-table snapshot take ~0.3 s). */
        SchemaSnapshot snapshot() {
            try {
                return SchemaSnapshot.fromJson(json);
            } catch (RuntimeException e) {
                return null; // damaged: rebuilding is always right
            }
        }
    }

    /** The cache entry under {@code key}, or null when there is none, it is another key's, or it is damaged. */
    Entry load(String key) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String text = Files.readString(file);
            String header = FORMAT + "\n" + key + "\n";
            int printEnd = text.indexOf('\n', header.length());
            if (!text.startsWith(header) || printEnd < 0 || !text.endsWith(TRAILER)) {
                return null; // another key's, or a write cut short
            }
            return new Entry(text.substring(header.length(), printEnd),
                    text.substring(printEnd + 1, text.length() - TRAILER.length()));
        } catch (IOException | RuntimeException e) {
            return null; // damaged or unreadable: rebuilding is always right
        }
    }

    /** Keeps {@code snapshot} under {@code key}. A cache that cannot be written only costs the next run a rebuild. */
    void store(String key, SchemaSnapshot snapshot) {
        Path temp = null;
        try {
            Files.createDirectories(file.getParent());
            temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temp, FORMAT + "\n" + key + "\n" + snapshot.fingerprint() + "\n" + snapshot.toJson()
                    + TRAILER);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException ignored) {
                // A stray temp file in .manor/ is harmless.
            }
        }
    }

    /** Manor's version and the bytes of the classes that read a schema: a changed reader must not reuse old snapshots. */
    private static String readerVersion() {
        StringBuilder b = new StringBuilder(String.valueOf(DriftCache.class.getPackage().getImplementationVersion()));
        for (String c : List.of("SchemaReader", "CatalogQuery", "SchemaSnapshot")) {
            try (InputStream in = SchemaSnapshot.class.getResourceAsStream(c + ".class")) {
                b.append(' ').append(in == null ? "?" : sha256(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                b.append(" ?");
            }
        }
        return b.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
