package dev.manor.analyze;

/**
 * One problem the analyzer reports.
 *
 * @param rule     kebab-case rule id (see docs/rules)
 * @param severity how bad it is
 * @param message  what is wrong, in one sentence
 * @param safe     the safe alternative, as SQL where possible (null when there is none)
 */
public record Finding(String rule, Severity severity, String message, String safe) {
    public static Finding error(String rule, String message, String safe) {
        return new Finding(rule, Severity.ERROR, message, safe);
    }

    public static Finding warning(String rule, String message, String safe) {
        return new Finding(rule, Severity.WARNING, message, safe);
    }

    public static Finding info(String rule, String message, String safe) {
        return new Finding(rule, Severity.INFO, message, safe);
    }
}
