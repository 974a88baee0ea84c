package dev.manor.spring;

import dev.manor.ManorException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder on disk holding what Spring resource locations point at. Manor reads migrations from a folder, and
 * {@code classpath:} resources may live inside the application's (nested) jar, so those are copied to a
 * temporary folder that is deleted when the application stops; a single file-system folder is used as it is.
 */
final class LocalFolder implements AutoCloseable {
    private final Path path;
    private final boolean temporary;
    /** What close() deletes: the temporary folder that holds {@code path} (and its siblings). */
    private final Path root;

    private LocalFolder(Path path, boolean temporary) {
        this(path, temporary, path);
    }

    private LocalFolder(Path path, boolean temporary, Path root) {
        this.path = path;
        this.temporary = temporary;
        this.root = root;
    }

    Path path() {
        return path;
    }

    /** The locations' contents merged into one folder; {@code what} names them in errors. */
    static LocalFolder of(ResourcePatternResolver resolver, List<String> locations, String what) {
        if (locations.size() == 1) {
            Path direct = fileSystemFolder(resolver, locations.get(0));
            if (direct != null) {
                return new LocalFolder(direct, false);
            }
        }
        Path target;
        try {
            target = Files.createTempDirectory("manor-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalFolder folder = new LocalFolder(target, true);
        try {
            int copied = 0;
            for (String location : locations) {
                copied += copy(resolver, location, target);
            }
            if (copied == 0) {
                throw new ManorException(what + ": nothing found at " + String.join(", ", locations));
            }
            return folder;
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /**
     * The migrations at the locations, copied (when not one plain folder) into {@code <temp>/migrations}, together
     * with the folders of the same parent named {@code siblings} ({@code repeatable}, {@code callbacks}): Manor reads
     * those beside the migrations folder, so the copy keeps them beside it too.
     */
    static LocalFolder withSiblings(ResourcePatternResolver resolver, List<String> locations, String what,
                                    List<String> siblings) {
        if (locations.size() == 1) {
            Path direct = fileSystemFolder(resolver, locations.get(0));
            if (direct != null) {
                return new LocalFolder(direct, false);
            }
        }
        Path target;
        try {
            target = Files.createTempDirectory("manor-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalFolder folder = new LocalFolder(target.resolve("migrations"), true, target);
        try {
            int copied = 0;
            for (String location : locations) {
                copied += copy(resolver, location, folder.path);
            }
            if (copied == 0) {
                throw new ManorException(what + ": nothing found at " + String.join(", ", locations));
            }
            for (String location : locations) {
                for (String sibling : siblings) {
                    copy(resolver, sibling(location, sibling), target.resolve(sibling));
                }
            }
            return folder;
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /** {@code classpath:db/migrations} and {@code repeatable}: {@code classpath:db/repeatable}. */
    static String sibling(String location, String name) {
        String trimmed = location.replaceAll("/+$", "");
        int colon = trimmed.indexOf(':');
        int slash = trimmed.lastIndexOf('/');
        return slash > colon ? trimmed.substring(0, slash + 1) + name : trimmed.substring(0, colon + 1) + name;
    }

    /** A location that is a plain folder on disk (file:, a path, or classpath: outside any jar), else null. */
    private static Path fileSystemFolder(ResourcePatternResolver resolver, String location) {
        if (location.startsWith(ResourcePatternResolver.CLASSPATH_ALL_URL_PREFIX)) {
            return null; // may span several class path entries: merge them
        }
        Resource resource = resolver.getResource(location.startsWith("classpath:") || location.contains(":/")
                || location.startsWith("file:") ? location : "file:" + location);
        try {
            if (resource.isFile() && Files.isDirectory(resource.getFile().toPath())) {
                return resource.getFile().toPath();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** Copies every file under the location, keeping the paths below it; returns how many. */
    private static int copy(ResourcePatternResolver resolver, String location, Path target) {
        String rest = location.replaceFirst("^classpath\\*?:", "");
        String root = rest.replaceAll("^/+", "").replaceAll("/+$", "");
        String pattern = (location.startsWith("classpath") ? ResourcePatternResolver.CLASSPATH_ALL_URL_PREFIX : "")
                + (location.startsWith("classpath") ? root : rest.replaceAll("/+$", "")) + "/**";
        try {
            int copied = 0;
            for (Resource resource : resolver.getResources(pattern)) {
                String url = resource.getURL().toString();
                int at = url.lastIndexOf("/" + root + "/");
                if (url.endsWith("/") || at < 0 || !resource.isReadable()) {
                    continue; // a folder
                }
                String relative = url.substring(at + root.length() + 2);
                Path file = target.resolve(java.net.URLDecoder.decode(relative, java.nio.charset.StandardCharsets.UTF_8))
                        .normalize();
                if (!file.startsWith(target) || (resource.isFile() && Files.isDirectory(resource.getFile().toPath()))) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                copied++;
            }
            return copied;
        } catch (IOException e) {
            throw new ManorException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
