package dev.manor.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of migration text that ignores a byte-order mark and the line-ending style. */
public final class Checksums {
    private Checksums() {
    }

    public static String sha256(String text) {
        return sha256(normalize(text).getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The checksum of a {@code migration.sql}: {@link #sha256(String)} of the text without its
     * {@code -- manor:allow} lines. A suppression changes what the analysis says, not what runs, so adding the
     * one production asks for does not make the migration "edited" where it was already applied.
     */
    public static String migrationSha256(String text) {
        return sha256(ALLOW_LINE.matcher(normalize(text)).replaceAll(""));
    }

    /** A whole line that is a {@code -- manor:allow} directive, with its line break. */
    private static final java.util.regex.Pattern ALLOW_LINE =
            java.util.regex.Pattern.compile("(?m)^[ \\t]*--[ \\t]*manor:allow\\b[^\\n]*(\\n|$)");

    /** Drops a leading BOM and turns CRLF and lone CR into LF. */
    public static String normalize(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.replace("\r\n", "\n").replace('\r', '\n');
    }
}
