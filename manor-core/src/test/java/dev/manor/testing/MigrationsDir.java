package dev.manor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes migration folders for a test. */
public final class MigrationsDir {
    private final Path root;

    public MigrationsDir(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public MigrationsDir add(String folder, String up, String down) {
        try {
            Path dir = root.resolve(folder);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("migration.sql"), up);
            if (down != null) {
                Files.writeString(dir.resolve("down.sql"), down);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MigrationsDir write(String folder, String file, String text) {
        try {
            Files.writeString(root.resolve(folder).resolve(file), text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
