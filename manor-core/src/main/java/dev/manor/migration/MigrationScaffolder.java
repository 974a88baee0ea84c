package dev.manor.migration;

import dev.manor.ManorException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/** {@code manor new}: creates a migration folder with both scripts and a header to fill in. */
public final class MigrationScaffolder {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private final Path root;
    private final Clock clock;

    public MigrationScaffolder(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public Path create(String name) {
        MigrationNames.requireValidName(name);
        try {
            Files.createDirectories(root);
            LocalDateTime now = LocalDateTime.now(clock);
            Path dir = root.resolve(ID.format(now) + "_" + name);
            // Two `new` calls within a second must not collide, whatever their names: the id is the key.
            while (idTaken(ID.format(now))) {
                now = now.plusSeconds(1);
            }
            dir = root.resolve(ID.format(now) + "_" + name);
            Files.createDirectory(dir);
            Files.writeString(dir.resolve(Migration.UP_FILE), """
                    -- Migration: %s
                    -- What: <what this change does>
                    -- Why: <why the application needs it>
                    -- Rollback: down.sql <how it is undone, and what data that loses, if any>
                    -- Directives: add "-- manor:no-transaction" for CONCURRENTLY, VACUUM and the like.

                    """.formatted(name));
            Files.writeString(dir.resolve(Migration.DOWN_FILE), """
                    -- Rollback of: %s
                    -- Undo every change of migration.sql, newest first, so that the schema is exactly as before.

                    """.formatted(name));
            return dir;
        } catch (IOException e) {
            throw new ManorException("cannot create migration in " + root + ": " + e.getMessage(), e);
        }
    }

    private boolean idTaken(String id) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.anyMatch(child -> child.getFileName().toString().startsWith(id + "_"));
        }
    }
}
