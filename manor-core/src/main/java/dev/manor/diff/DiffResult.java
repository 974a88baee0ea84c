package dev.manor.diff;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code manor diff} found and did.
 *
 * @param planned  the migrations of the plan, in order (empty when the schema matches)
 * @param written  the folders moved into the migrations folder (empty on a dry run, a refusal or a match)
 * @param hazards  one line per change Manor will not make without an answer or a flag; non-empty means refused
 * @param notes    remarks (differences that need no migration, what waits for a later step)
 */
public record DiffResult(List<GeneratedMigration> planned, List<Path> written, List<String> hazards, List<String> notes) {
    public DiffResult {
        planned = List.copyOf(planned);
        written = List.copyOf(written);
        hazards = List.copyOf(hazards);
        notes = List.copyOf(notes);
    }

    /** The desired schema and the migrations' end state are the same. */
    public boolean matches() {
        return planned.isEmpty() && hazards.isEmpty();
    }

    public boolean refused() {
        return !hazards.isEmpty();
    }
}
