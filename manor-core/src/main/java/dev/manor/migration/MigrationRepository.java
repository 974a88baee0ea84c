package dev.manor.migration;

import dev.manor.ManorException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the migrations folder: one sub-folder per migration, sorted by id. */
public final class MigrationRepository {
    private final Path root;

    public MigrationRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** All migrations on disk, sorted by id; a malformed folder is an error that names it. */
    public List<Migration> load() {
        if (!Files.isDirectory(root)) {
            throw new ManorException("migrations folder not found: " + root
                    + " (create it with 'manor new <name>' or point to it with --migrations)");
        }
        List<Migration> migrations = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path dir : children.filter(Files::isDirectory).sorted().toList()) {
                String folder = dir.getFileName().toString();
                if (folder.startsWith(".")) {
                    continue;
                }
                String[] parts = MigrationNames.parseFolder(folder);
                if (parts == null) {
                    throw new ManorException("folder " + root.getFileName() + "/" + folder
                            + " is not named like a migration (YYYYMMDDHHMMSS_name)");
                }
                MigrationNames.requireValidName(parts[1]);
                Path other = seen.put(parts[0], dir);
                if (other != null) {
                    throw new ManorException("two migrations share the id " + parts[0] + ": "
                            + other.getFileName() + " and " + folder);
                }
                Path up = dir.resolve(Migration.UP_FILE);
                if (!Files.isRegularFile(up)) {
                    throw new ManorException(root.getFileName() + "/" + folder + " has no " + Migration.UP_FILE);
                }
                migrations.add(new Migration(parts[0], parts[1], dir, read(up),
                        readIfPresent(dir.resolve(Migration.DOWN_FILE)),
                        readIfPresent(dir.resolve(Migration.VERIFY_FILE)),
                        readIfPresent(dir.resolve(Migration.BACKFILL_FILE))));
            }
        } catch (IOException e) {
            throw new ManorException("cannot read " + root + ": " + e.getMessage(), e);
        }
        migrations.sort(Comparator.comparing(Migration::id));
        return List.copyOf(migrations);
    }

    /** The script as PostgreSQL must see it: a BOM would be sent as part of the first statement. */
    public static String read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String readIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? read(file) : null;
    }
}
