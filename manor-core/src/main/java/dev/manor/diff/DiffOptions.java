package dev.manor.diff;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code manor diff} may do.
 *
 * @param schemaDir  the folder of desired-schema SQL files (null: the project's, manor.toml {@code schema})
 * @param dryRun     plan and print only: nothing is proven or written
 * @param allowDrop  a column or table that disappears may be removed (deprecated now, dropped after the safety period)
 * @param renames    {@code table.old} to the new column name: answers to "looks renamed" given up front
 * @param noRenames  {@code table.old}: not renamed (drop the old column, add the new one)
 * @param backfills  {@code table.column} to the SQL expression that fills a new required column's existing rows
 * @param question   asks a person about look-alike renames; null when nobody can answer (then Manor refuses)
 * @param clock      dates the deprecation comments
 */
public record DiffOptions(Path schemaDir, boolean dryRun, boolean allowDrop, Map<String, String> renames,
                          Set<String> noRenames, Map<String, String> backfills, RenameQuestion question, Clock clock) {
    /** Days between a deprecation and the drop it allows (the strategy's safety period). */
    public static final int SAFETY_DAYS = 30;

    public DiffOptions {
        renames = Map.copyOf(renames);
        noRenames = Set.copyOf(noRenames);
        backfills = Map.copyOf(backfills);
        Objects.requireNonNull(clock);
    }

    /** Defaults: the project's schema folder, writes, no drops, nobody to ask. */
    public static DiffOptions defaults() {
        return new DiffOptions(null, false, false, Map.of(), Set.of(), Map.of(), null, Clock.systemUTC());
    }

    public DiffOptions withSchemaDir(Path dir) {
        return new DiffOptions(dir, dryRun, allowDrop, renames, noRenames, backfills, question, clock);
    }

    public DiffOptions withDryRun(boolean value) {
        return new DiffOptions(schemaDir, value, allowDrop, renames, noRenames, backfills, question, clock);
    }

    public DiffOptions withAllowDrop(boolean value) {
        return new DiffOptions(schemaDir, dryRun, value, renames, noRenames, backfills, question, clock);
    }

    public DiffOptions withRenames(Map<String, String> value, Set<String> notRenamed) {
        return new DiffOptions(schemaDir, dryRun, allowDrop, value, notRenamed, backfills, question, clock);
    }

    public DiffOptions withBackfills(Map<String, String> value) {
        return new DiffOptions(schemaDir, dryRun, allowDrop, renames, noRenames, value, question, clock);
    }

    public DiffOptions withQuestion(RenameQuestion value) {
        return new DiffOptions(schemaDir, dryRun, allowDrop, renames, noRenames, backfills, value, clock);
    }

    public DiffOptions withClock(Clock value) {
        return new DiffOptions(schemaDir, dryRun, allowDrop, renames, noRenames, backfills, question, value);
    }
}
