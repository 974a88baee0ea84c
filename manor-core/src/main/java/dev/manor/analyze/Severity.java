package dev.manor.analyze;

/** How bad a finding is; ERROR blocks a deploy unless suppressed with a reason. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
