package dev.manor.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** SHA-256 of dump files, and the check that a dump is still byte-for-byte what its manifest describes. */
final class DumpChecksum {
    private DumpChecksum() {
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new BackupException("cannot read dump " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Why the dump cannot be trusted, or empty when it matches the manifest's size and checksum. */
    static Optional<String> problem(BackupManifest manifest, Path dump) {
        if (!Files.isRegularFile(dump)) {
            return Optional.of("dump file " + dump + " is missing");
        }
        String actual = sha256(dump);
        if (!actual.equalsIgnoreCase(manifest.sha256())) {
            long size = size(dump);
            String sizeNote = size == manifest.sizeBytes() ? "same size" : size + " bytes, manifest says " + manifest.sizeBytes();
            return Optional.of("checksum mismatch for " + dump.getFileName() + ": SHA-256 is " + actual + " but the manifest says "
                    + manifest.sha256() + " (" + sizeNote + "); the dump is corrupted or was changed after the backup");
        }
        return Optional.empty();
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BackupException("cannot read dump " + file + ": " + e.getMessage(), e);
        }
    }
}
