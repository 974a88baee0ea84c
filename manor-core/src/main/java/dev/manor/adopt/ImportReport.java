package dev.manor.adopt;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code manor import} did.
 *
 * @param tool          where the migrations came from
 * @param entries       one per imported migration, in order
 * @param extraFiles    repeatable and callback scripts written (relative to the project), with what happened to each
 * @param mappingFile   the file that maps the tool's ids to Manor's
 * @param historyNote   what was read from the database: null when no database was given
 * @param orphans       rows of the tool's history that name no migration in the folder
 * @param warnings      what was not carried over, one line each
 * @param driftIgnore   the tables the tool keeps in the application's schema (for {@code [drift] ignore})
 * @param driftIgnoreNote what was done about them: written to manor.toml, already there, or what to add
 */
public record ImportReport(SourceTool tool, List<Entry> entries, List<String> extraFiles, Path mappingFile,
                           String historyNote, List<String> orphans, List<String> warnings, List<String> driftIgnore,
                           String driftIgnoreNote) {

    /**
     * One migration.
     *
     * @param sourceId  the tool's id (Prisma folder, Flyway version, Liquibase author:id)
     * @param folder    the Manor migration folder it became
     * @param origin    the file it came from
     * @param files     "written", "kept" (already imported) or "kept, differs" (the folder's migration.sql is not
     *                  the source's: left as it is)
     * @param down      "from source" or "irreversible" (no down script in the source)
     * @param history   "applied", "failed", "rolled back", "already recorded", "not applied", or null without a database
     * @param checksumMismatch the mismatch, described, when the tool recorded another checksum than the file's
     */
    public record Entry(String sourceId, String folder, String origin, String files, String down, String history,
                        String checksumMismatch) {
    }

    /** The checksum mismatches, one line each. */
    public List<String> mismatches() {
        return entries.stream().filter(e -> e.checksumMismatch() != null)
                .map(e -> e.folder() + ": " + e.checksumMismatch()).toList();
    }

    /** How many migrations were recorded with the given history state just now. */
    public long count(String history) {
        return entries.stream().filter(e -> history.equals(e.history())).count();
    }
}
