package dev.manor.repeatable;

import dev.manor.ManorException;
import dev.manor.config.DidYouMean;
import dev.manor.migration.MigrationRepository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The two folders beside {@code migrations/}: {@code repeatable/} (any {@code *.sql}, applied in file-name order) and
 * {@code callbacks/} (only the file names of {@link Callbacks}). Beside, not configured apart, so that a project
 * copied, packaged in a jar or replayed in a shadow keeps its three folders together.
 */
public final class ScriptFolders {
    public static final String REPEATABLE_DIR = "repeatable";
    public static final String CALLBACKS_DIR = "callbacks";

    private ScriptFolders() {
    }

    public static Path repeatableDir(Path migrationsDir) {
        return migrationsDir.toAbsolutePath().normalize().resolveSibling(REPEATABLE_DIR);
    }

    public static Path callbacksDir(Path migrationsDir) {
        return migrationsDir.toAbsolutePath().normalize().resolveSibling(CALLBACKS_DIR);
    }

    /** The repeatable scripts, sorted by file name; none when the folder does not exist. */
    public static List<SqlScript> repeatables(Path migrationsDir) {
        Path dir = repeatableDir(migrationsDir);
        List<SqlScript> scripts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : sqlFiles(dir, problems)) {
            String name = file.getFileName().toString();
            name = name.substring(0, name.length() - ".sql".length());
            if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
                problems.add(REPEATABLE_DIR + "/" + file.getFileName() + ": name it with letters, digits, '_', '-' or"
                        + " '.' only (the name is its identity in the history)");
                continue;
            }
            read(file, REPEATABLE_DIR + "/" + file.getFileName(), name, problems).ifPresent(scripts::add);
        }
        throwAll(problems);
        return scripts;
    }

    /** The callbacks present; an unknown file name in the folder is refused (a typo would never run). */
    public static Callbacks callbacks(Path migrationsDir) {
        Path dir = callbacksDir(migrationsDir);
        List<String> problems = new ArrayList<>();
        SqlScript before = null;
        SqlScript afterEach = null;
        SqlScript after = null;
        for (Path file : sqlFiles(dir, problems)) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - ".sql".length());
            Optional<SqlScript> script = read(file, CALLBACKS_DIR + "/" + fileName, name, problems);
            switch (name) {
                case Callbacks.BEFORE_DEPLOY -> before = script.orElse(null);
                case Callbacks.AFTER_MIGRATION -> afterEach = script.orElse(null);
                case Callbacks.AFTER_DEPLOY -> after = script.orElse(null);
                default -> problems.add(CALLBACKS_DIR + "/" + fileName + " is not a callback Manor runs"
                        + DidYouMean.closest(name, Callbacks.NAMES).map(n -> " (did you mean " + n + ".sql?)")
                        .orElse("") + "; known: " + String.join(".sql, ", Callbacks.NAMES) + ".sql");
            }
        }
        throwAll(problems);
        return new Callbacks(Optional.ofNullable(before), Optional.ofNullable(afterEach), Optional.ofNullable(after));
    }

    private static List<Path> sqlFiles(Path dir, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
            List<Path> sql = new ArrayList<>();
            for (Path f : all) {
                if (Files.isRegularFile(f) && f.getFileName().toString().endsWith(".sql")) {
                    sql.add(f);
                } else {
                    problems.add(dir.getFileName() + "/" + f.getFileName() + " is not a .sql file; only .sql files"
                            + " belong in " + dir.getFileName() + "/");
                }
            }
            return sql;
        } catch (IOException e) {
            throw new ManorException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<SqlScript> read(Path file, String display, String name, List<String> problems) {
        try {
            return Optional.of(new SqlScript(name, display, MigrationRepository.read(file)));
        } catch (IOException e) {
            problems.add("cannot read " + display + ": " + e.getMessage());
        } catch (ManorException e) {
            problems.add(e.getMessage());
        }
        return Optional.empty();
    }

    private static void throwAll(List<String> problems) {
        if (problems.size() == 1) {
            throw new ManorException(problems.get(0));
        }
        if (problems.size() > 1) {
            throw new ManorException(problems.size() + " problems in the scripts:\n  " + String.join("\n  ", problems));
        }
    }
}
