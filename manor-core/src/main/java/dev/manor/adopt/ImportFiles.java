package dev.manor.adopt;

import dev.manor.ManorException;
import dev.manor.migration.MigrationNames;
import dev.manor.migration.MigrationRepository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Helpers the importers share: names, reading files, finding a history table. */
final class ImportFiles {
    private ImportFiles() {
    }

    /** A tool's description as a Manor name: lower snake case, starting with a letter, at most 63 characters. */
    static String snake(String description) {
        String s = description.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (s.isEmpty()) {
            s = "imported";
        }
        if (!Character.isLetter(s.charAt(0))) {
            s = "m_" + s;
        }
        if (s.length() > MigrationNames.MAX_LENGTH) {
            s = s.substring(0, MigrationNames.MAX_LENGTH).replaceAll("_+$", "");
        }
        MigrationNames.requireValidName(s);
        return s;
    }

    static void requireFolder(Path dir, String tool) {
        if (!Files.isDirectory(dir)) {
            throw new ManorException("no " + tool + " folder " + dir + " (give the folder with --from <dir>)");
        }
    }

    static String read(Path file) {
        try {
            return MigrationRepository.read(file);
        } catch (IOException e) {
            throw new ManorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ManorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Regular files directly or deeply under {@code dir}, sorted by path. */
    static List<Path> files(Path dir, boolean deep) {
        try (Stream<Path> s = deep ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ManorException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether the table exists on the connection's search path. */
    static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static java.time.Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
