package dev.manor.config;

import dev.manor.ManorException;
import dev.manor.backup.PgTools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which bundled PostgreSQL major a project's embedded database runs, and why. pg_dump refuses a server
 * newer than itself, so a new project gets the newest bundled major its installed client tools can back up.
 *
 * @param major  the PostgreSQL major version, e.g. 15
 * @param reason one sentence saying where the choice came from, for {@code manor db status} and {@code manor init}
 */
public record EmbeddedMajor(int major, String reason) {
    /**
     * In order: {@code [embedded] version} of manor.toml; the major of existing data in {@code dataDir}; the
     * newest bundled major no newer than the newest pg_dump found; else the newest bundled major.
     *
     * @param bundled the majors this build bundles (ascending or not)
     * @param tools   the newest installed client tools, asked only when the first two do not decide
     */
    public static EmbeddedMajor choose(Integer configured, Path dataDir, List<Integer> bundled,
                                       Supplier<Optional<PgTools>> tools) {
        if (bundled.isEmpty()) {
            throw new ManorException("this build bundles no embedded PostgreSQL");
        }
        int newest = bundled.stream().mapToInt(Integer::intValue).max().getAsInt();
        if (configured != null) {
            if (!bundled.contains(configured)) {
                throw new ManorException(ConfigFile.FILE_NAME + " [embedded]: version = " + configured
                        + " is not bundled; this build has PostgreSQL " + join(bundled));
            }
            return new EmbeddedMajor(configured, "set by [embedded] version in " + ConfigFile.FILE_NAME);
        }
        Optional<Integer> existing = dataMajor(dataDir);
        if (existing.isPresent()) {
            return new EmbeddedMajor(existing.get(), "the existing data in " + dataDir.getParent().getFileName() + "/"
                    + dataDir.getFileName() + " was made by PostgreSQL " + existing.get());
        }
        Optional<PgTools> found = tools.get();
        if (found.isEmpty()) {
            return new EmbeddedMajor(newest, "no pg_dump found, so the newest bundled major; backups need "
                    + "the PostgreSQL " + newest + " client tools (postgresql-client-" + newest + ")");
        }
        PgTools t = found.get();
        Optional<Integer> fitting = bundled.stream().filter(m -> m <= t.major()).max(Integer::compare);
        if (fitting.isEmpty()) {
            return new EmbeddedMajor(newest, "pg_dump " + t.version() + " in " + t.binDir() + " is older than every "
                    + "bundled major (" + join(bundled) + "), so the newest; backups need postgresql-client-" + newest);
        }
        return new EmbeddedMajor(fitting.get(), "the newest bundled major that pg_dump " + t.version() + " in "
                + t.binDir() + " can back up (pg_dump refuses a newer server)");
    }

    /** For an environment with a url: what the embedded server would run, without probing tools or bundles. */
    public static EmbeddedMajor unused(Integer configured, Path dataDir, int defaultMajor) {
        if (configured != null) {
            return new EmbeddedMajor(configured, "set by [embedded] version in " + ConfigFile.FILE_NAME);
        }
        return dataMajor(dataDir).map(m -> new EmbeddedMajor(m, "the existing data was made by PostgreSQL " + m))
                .orElse(new EmbeddedMajor(defaultMajor, "the default; this environment has a url, so it is not used"));
    }

    /** The major that made the data in {@code dataDir} (its PG_VERSION), if there is any. */
    public static Optional<Integer> dataMajor(Path dataDir) {
        Path file = dataDir.resolve("PG_VERSION");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(Files.readString(file).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String join(List<Integer> majors) {
        return String.join(", ", majors.stream().sorted().map(String::valueOf).toList());
    }
}
