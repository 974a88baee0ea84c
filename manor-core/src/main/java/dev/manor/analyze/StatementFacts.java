package dev.manor.analyze;

import java.util.List;

/**
 * What a statement does to the database: observed on a throwaway copy, or (when not observed) the
 * locks PostgreSQL is known to take for this kind of statement.
 *
 * @param observed  true when the statement ran in the probe
 * @param locks     relation locks new to this statement
 * @param rewritten relations whose relfilenode changed (table or index rewritten); empty when not observed
 * @param scanned   tables whose sequential-scan counter rose; empty when not observed
 * @param rows      rows the statement affected (JDBC update count), -1 when unknown
 * @param error     the error PostgreSQL raised when it ran, or null; with observed false: the statement failed
 *                  on the shadow database with and without sample rows, and was not judged by what it does
 * @param note      how the facts were found, when it is not plain observation (e.g. without sample rows), or null
 */
public record StatementFacts(boolean observed, List<LockFact> locks, List<String> rewritten, List<String> scanned,
                            long rows, String error, String note) {
    public StatementFacts {
        locks = List.copyOf(locks);
        rewritten = List.copyOf(rewritten);
        scanned = List.copyOf(scanned);
    }

    public StatementFacts(boolean observed, List<LockFact> locks, List<String> rewritten, List<String> scanned,
                          long rows, String error) {
        this(observed, locks, rewritten, scanned, rows, error, null);
    }

    public static StatementFacts notObserved(List<LockFact> knownLocks) {
        return new StatementFacts(false, knownLocks, List.of(), List.of(), -1, null);
    }

    /** Known facts for a statement that failed on the shadow database, however it was tried. */
    public static StatementFacts failed(List<LockFact> knownLocks, String error) {
        return new StatementFacts(false, knownLocks, List.of(), List.of(), -1, error);
    }

    public StatementFacts withNote(String note) {
        return new StatementFacts(observed, locks, rewritten, scanned, rows, error, note);
    }

    /** How this statement was judged. */
    public Basis basis() {
        if (observed && error == null) {
            return Basis.OBSERVED;
        }
        return !observed && error != null ? Basis.NOT_JUDGED : Basis.STATIC;
    }

    /** True when the statement ran in the probe without error, so the facts are PostgreSQL's own. */
    public boolean ranCleanly() {
        return observed && error == null;
    }

    /** Whether a rewrite happened: null when unknown (not observed, or failed in the probe). */
    public Boolean rewrite() {
        return ranCleanly() ? !rewritten.isEmpty() : null;
    }

    /** Whether a full scan happened: null when unknown (not observed, or failed in the probe). */
    public Boolean scan() {
        return ranCleanly() ? !scanned.isEmpty() : null;
    }

    /** Whether the given table (as written in SQL, schema optional) was rewritten. */
    public boolean rewrote(String table) {
        return rewritten.stream().anyMatch(r -> sameRelation(r, table));
    }

    public boolean scannedTable(String table) {
        return scanned.stream().anyMatch(r -> sameRelation(r, table));
    }

    public boolean locked(String table, String mode) {
        return locks.stream().anyMatch(l -> l.mode().equals(mode) && sameRelation(l.relation(), table));
    }

    /** Compares a qualified observed name with a name as written, which may lack the schema. */
    static boolean sameRelation(String qualified, String written) {
        if (written == null) {
            return false;
        }
        if (qualified.equals(written)) {
            return true;
        }
        return !written.contains(".") && qualified.endsWith("." + written);
    }
}
