package dev.manor.proof;

import dev.manor.migration.Migration;

import java.nio.file.Path;
import java.util.List;

/**
 * What a proof needs to know about the project.
 *
 * @param migrationsDir the migrations folder
 * @param seedFile      seed.sql, or null
 * @param schemas       the managed schemas
 * @param sampleRows    rows of made-up data put into each existing table before a migration is
 *                      proven, so that "rows survive up and down" is checked on real rows
 */
public record ProofSettings(Path migrationsDir, Path seedFile, List<String> schemas, long sampleRows) {
    public static final long DEFAULT_SAMPLE_ROWS = 25;

    static String label(Migration m) {
        return m.folderName();
    }
}
