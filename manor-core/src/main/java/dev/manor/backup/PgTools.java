package dev.manor.backup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A matching pair of {@code pg_dump} and {@code pg_restore} from one bin directory. pg_dump refuses to dump a server
 * newer than itself, so the tools must be at least the server's major version.
 */
public final class PgTools {
    /** The configuration key users set when the tools are somewhere unusual; named in error messages. */
    public static final String BIN_DIR_SETTING = "backup_pg_bin_dir";

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");

    /** Folders holding one bin directory per installed major: (parent, child-name pattern, sub-path). */
    private static final List<String[]> VERSIONED_INSTALL_DIRS = List.of(
            new String[] {"/usr/lib/postgresql", "\\d+", "bin"},
            new String[] {"/usr", "pgsql-\\d+", "bin"},
            new String[] {"/opt/homebrew/opt", "postgresql@\\d+", "bin"},
            new String[] {"/usr/local/opt", "postgresql@\\d+", "bin"});
    private static final List<Path> FIXED_INSTALL_DIRS = List.of(Path.of("/usr/local/pgsql/bin"));

    private final Path binDir;
    private final int major;
    private final String version;

    private PgTools(Path binDir, int major, String version) {
        this.binDir = binDir;
        this.major = major;
        this.version = version;
    }

    /**
     * The tools to use against a server of the given major: the configured directory if one is set (it must be
     * new enough), otherwise the newest suitable pair found on PATH or in the usual install folders.
     */
    public static PgTools find(Optional<Path> configuredBinDir, int serverMajor) {
        return find(configuredBinDir, serverMajor, pathDirs(), installDirs());
    }

    /** As {@link #find(Optional, int)} but searching the given directories (in order) instead of PATH and the usual folders. */
    static PgTools find(Optional<Path> configuredBinDir, int serverMajor, List<Path> pathDirs, List<Path> installDirs) {
        if (configuredBinDir.isPresent()) {
            PgTools configured = at(configuredBinDir.get());
            configured.requireAtLeast(serverMajor);
            return configured;
        }
        List<PgTools> found = new ArrayList<>();
        for (Path dir : Stream.concat(pathDirs.stream(), installDirs.stream()).distinct().toList()) {
            inspect(dir).ifPresent(found::add);
        }
        // Newest suitable major wins; among equal majors the earliest (PATH before install folders) is kept.
        PgTools best = null;
        for (PgTools t : found) {
            if (t.major >= serverMajor && (best == null || t.major > best.major)) {
                best = t;
            }
        }
        if (best != null) {
            return best;
        }
        if (found.isEmpty()) {
            throw new BackupException("no pg_dump/pg_restore found on PATH or in the usual install folders; "
                    + installHint(serverMajor));
        }
        String seen = String.join(", ", found.stream().map(t -> t.version + " in " + t.binDir).distinct().toList());
        throw new BackupException("pg_dump must be version " + serverMajor + " or newer for a PostgreSQL "
                + serverMajor + " server, but only found " + seen + "; " + installHint(serverMajor));
    }

    /** The newest pg_dump/pg_restore pair on PATH or in the usual install folders, if any. */
    public static Optional<PgTools> newestInstalled() {
        PgTools best = null;
        for (Path dir : Stream.concat(pathDirs().stream(), installDirs().stream()).distinct().toList()) {
            Optional<PgTools> t = inspect(dir);
            if (t.isPresent() && (best == null || t.get().major > best.major)) {
                best = t.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** The tools in exactly this directory; fails if pg_dump or pg_restore is missing there. */
    public static PgTools at(Path binDir) {
        return inspect(binDir).orElseThrow(() -> new BackupException("no runnable pg_dump and pg_restore in "
                + binDir + " (" + BIN_DIR_SETTING + "); point it at the bin directory of a PostgreSQL client installation"));
    }

    /** Fails with an install hint if these tools are older than the server. */
    public PgTools requireAtLeast(int serverMajor) {
        if (major < serverMajor) {
            throw new BackupException("pg_dump " + version + " in " + binDir + " is too old for a PostgreSQL "
                    + serverMajor + " server (it must be " + serverMajor + " or newer); " + installHint(serverMajor));
        }
        return this;
    }

    /** The major version of the server behind the connection, e.g. 15. */
    public static int serverMajor(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public Path binDir() {
        return binDir;
    }

    public Path pgDump() {
        return binDir.resolve("pg_dump");
    }

    public Path pgRestore() {
        return binDir.resolve("pg_restore");
    }

    /** Major version, e.g. 15. */
    public int major() {
        return major;
    }

    /** Version as printed by {@code pg_dump --version}, e.g. 15.18. */
    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return "pg_dump " + version + " in " + binDir;
    }

    static String installHint(int serverMajor) {
        return "install the PostgreSQL " + serverMajor + " client tools (on Debian/Ubuntu: apt-get install postgresql-client-"
                + serverMajor + ") or set " + BIN_DIR_SETTING + " to their bin directory";
    }

    private static Optional<PgTools> inspect(Path dir) {
        Path dump = dir.resolve("pg_dump");
        if (!Files.isExecutable(dump) || !Files.isExecutable(dir.resolve("pg_restore")) || isDebianWrapper(dump)) {
            return Optional.empty();
        }
        ChildProcess.Outcome o = ChildProcess.run(List.of(dump.toString(), "--version"), Map.of(), null);
        Matcher m = VERSION.matcher(o.stdout());
        if (o.exitCode() != 0 || !m.find()) {
            return Optional.empty();
        }
        String version = m.group(1) + (m.group(2) != null ? "." + m.group(2) : "");
        return Optional.of(new PgTools(dir, Integer.parseInt(m.group(1)), version));
    }

    /**
     * Debian's /usr/bin/pg_dump is pg_wrapper, which picks a version per invocation (by cluster, host, port), so its
     * --version proves nothing about the later run; the real tools it dispatches to are in /usr/lib/postgresql/N/bin.
     */
    private static boolean isDebianWrapper(Path tool) {
        try {
            return tool.toRealPath().getFileName().toString().equals("pg_wrapper");
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> pathDirs() {
        String path = System.getenv("PATH");
        if (path == null || path.isBlank()) {
            return List.of();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    private static List<Path> installDirs() {
        Map<Path, Boolean> dirs = new LinkedHashMap<>();
        for (String[] pattern : VERSIONED_INSTALL_DIRS) {
            Path parent = Path.of(pattern[0]);
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> children = Files.list(parent)) {
                children.filter(c -> c.getFileName().toString().matches(pattern[1]))
                        .sorted()
                        .forEach(c -> dirs.put(c.resolve(pattern[2]), true));
            } catch (IOException e) {
                // An unreadable install folder is simply not a candidate.
            }
        }
        FIXED_INSTALL_DIRS.forEach(d -> dirs.put(d, true));
        return List.copyOf(dirs.keySet());
    }
}
