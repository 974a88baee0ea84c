package dev.manor.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * initdb'd data directories, one per major and bundle, kept in the user's cache and copied for a new project
 * database or a throwaway server: a copy takes a fraction of what initdb takes.
 * <p>
 * The cache folder is {@code $MANOR_CACHE_DIR} (or the system property {@code manor.cache.dir}), else
 * {@code $XDG_CACHE_HOME/manor}, else {@code ~/.cache/manor}; {@code MANOR_CACHE_DIR=off} turns templates off.
 * A template is made in a staging folder and renamed into place, so two processes making it at once both
 * succeed and neither sees half of one. Anything going wrong here only means zonky runs initdb as before.
 */
public final class DataDirTemplates {
    static final String ENV = "MANOR_CACHE_DIR";
    static final String PROPERTY = "manor.cache.dir";
    /** Written by the server at start or kept by zonky, not part of a cluster to copy. */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

    private DataDirTemplates() {
    }

    /** The user-level cache folder, or empty when turned off. */
    public static Optional<Path> cacheDir() {
        return cacheDir(System.getenv(), System.getProperty(PROPERTY), System.getProperty("user.home"));
    }

    static Optional<Path> cacheDir(Map<String, String> env, String property, String home) {
        String configured = property != null ? property : env.get(ENV);
        if (configured != null && !configured.isBlank()) {
            return configured.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(Path.of(configured));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg, "manor"));
        }
        return home == null ? Optional.empty() : Optional.of(Path.of(home, ".cache", "manor"));
    }

    /**
     * Fills {@code dataDir} (absent or empty) with a copy of the template of {@code major}, making the template
     * first if needed. Returns false when there is no template to copy: the caller lets zonky run initdb.
     */
    static boolean copyInto(int major, Path dataDir) {
        Optional<Path> template = template(major);
        if (template.isEmpty()) {
            return false;
        }
        Path staging = null;
        try {
            Path parent = dataDir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, dataDir.getFileName() + ".copy-");
            copyTree(template.get(), staging);
            Files.deleteIfExists(dataDir); // only when empty: a cluster that exists is never replaced
            move(staging, dataDir);
            return true;
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            return false;
        }
    }

    /** The template of {@code major} for this platform's bundle, made now if missing; empty when it cannot be. */
    static Optional<Path> template(int major) {
        Optional<Path> cache = cacheDir();
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        Path dir = cache.get().resolve("pgdata").resolve(major + "-" + bundleId(major));
        if (Files.isRegularFile(dir.resolve("PG_VERSION"))) {
            return Optional.of(dir);
        }
        Path staging = null;
        try {
            Files.createDirectories(dir.getParent());
            staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".staging-");
            // zonky runs initdb on start; a clean stop leaves a cluster any later start can begin from.
            EmbeddedPostgres.builder()
                    .setPgBinaryResolver(PostgresBundles.resolver(major))
                    .setDataDirectory(staging)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start()
                    .close();
            for (String name : NOT_COPIED) {
                Files.deleteIfExists(staging.resolve(name));
            }
            try {
                move(staging, dir);
            } catch (IOException e) {
                deleteTree(staging); // typically another process made it meanwhile (rename: not empty): theirs is as good
            }
            return Files.isRegularFile(dir.resolve("PG_VERSION")) ? Optional.of(dir) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            return Optional.empty();
        }
    }

    /** Which bundle the template was made by: platform and the bundle's size (a changed bundle gets its own). */
    static String bundleId(int major) {
        PostgresBundles.Platform platform = PostgresBundles.Platform.current();
        String id = platform.os() + "-" + platform.resourceArch();
        URL bundle = PostgresBundles.bundleResource(major);
        if (bundle == null) {
            return id;
        }
        try {
            URLConnection c = bundle.openConnection();
            c.setUseCaches(false);
            long size = c.getContentLengthLong();
            c.getInputStream().close();
            return id + "-" + size;
        } catch (IOException e) {
            return id;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Copies a cluster, keeping file modes; the data directory itself must be private to PostgreSQL. */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (!dir.equals(from)) {
                    Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!NOT_COPIED.contains(file.getFileName().toString()) || !file.getParent().equals(from)) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        try {
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): PostgreSQL does not check modes there.
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A leftover temp file is not worth failing for.
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // Same.
        }
    }
}
