package dev.manor.killtest;

import java.util.Collection;

/** How a trial ended, worst first: a trial with several kinds of difference counts under the worst. */
public enum Verdict {
    /** The deployer could not finish by being run again: a person would have to resolve or repair. */
    NEEDS_REPAIR("needs-repair"),
    /** Something ran twice: a counter, an update count, a history event or rows above the reference. */
    DUPLICATED("duplicated"),
    /** Something that should have happened did not: a counter, an object, rows or history below the reference. */
    LOST("lost"),
    /** Any other difference from the reference (e.g. an INVALID index, different row text). */
    OTHER("other"),
    OK("ok");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The worst of the given verdicts; OK for none. */
    public static Verdict worst(Collection<Verdict> verdicts) {
        return verdicts.stream().min(Enum::compareTo).orElse(OK);
    }
}
