package dev.manor.gate;

/**
 * What a gate decided: passed with its evidence (e.g. "verified backup ivm_db-20261124-081500.dump, 12 min old"),
 * or refused with one line that says what to do.
 */
public record Verdict(boolean passed, String message) {
    public static Verdict pass(String evidence) {
        return new Verdict(true, evidence);
    }

    public static Verdict refuse(String whatToDo) {
        return new Verdict(false, whatToDo);
    }
}
