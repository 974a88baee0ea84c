package dev.manor.analyze;

import java.util.Locale;

/**
 * How a statement (or migration) was judged: by what PostgreSQL did on a shadow database, from its text
 * and the locks PostgreSQL documents, or not at all (it failed on the shadow database however it was tried).
 */
public enum Basis {
    OBSERVED, STATIC, NOT_JUDGED;

    public String label() {
        return switch (this) {
            case OBSERVED -> "observed";
            case STATIC -> "judged statically";
            case NOT_JUDGED -> "not judged";
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The weaker of two: a migration is as well judged as its least-judged statement. */
    public Basis weaker(Basis other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
