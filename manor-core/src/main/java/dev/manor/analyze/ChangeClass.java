package dev.manor.analyze;

/** The spec's migration types ("Migration Types"), plus NONE for statements that change no structure. */
public enum ChangeClass {
    NONE, ADDITIVE, TRANSFORMATIVE, BREAKING;

    /** The riskier of the two, for statements with several actions. */
    public ChangeClass max(ChangeClass other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
