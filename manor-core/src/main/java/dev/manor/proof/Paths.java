package dev.manor.proof;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temp-folder cleanup for proofs. */
public final class Paths {
    private Paths() {
    }

    /** Deletes a folder and everything in it; a leftover temp file is not worth failing for. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: the OS cleans temp folders eventually.
        }
    }
}
