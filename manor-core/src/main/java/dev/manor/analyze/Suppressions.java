package dev.manor.analyze;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -- manor:allow <rule-id> because <reason>} directives of a migration file. A suppression
 * without a reason suppresses nothing and is itself an error; an unused or unknown one is reported.
 */
public final class Suppressions {
    public static final String WITHOUT_REASON = "suppression-without-reason";
    public static final String UNUSED = "unused-suppression";
    public static final String UNKNOWN_RULE = "unknown-rule";

    private static final Pattern DIRECTIVE =
            Pattern.compile("--\\s*manor:allow\\s+(\\S+)(?:\\s+because\\s+(\\S.*?))?\\s*$", Pattern.MULTILINE);

    private record Allow(String rule, String reason, int line) {
    }

    private final List<Allow> allows = new ArrayList<>();
    private final Set<String> used = new HashSet<>();

    public Suppressions(String rawText) {
        Matcher m = DIRECTIVE.matcher(rawText);
        while (m.find()) {
            int line = (int) rawText.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            allows.add(new Allow(m.group(1), m.group(2), line));
        }
    }

    /** Drops the findings allowed with a reason, remembering which allows were used. */
    public List<Finding> apply(List<Finding> findings) {
        List<Finding> kept = new ArrayList<>();
        for (Finding f : findings) {
            boolean allowed = allows.stream().anyMatch(a -> a.reason != null && a.rule.equals(f.rule()));
            if (allowed) {
                used.add(f.rule());
            } else {
                kept.add(f);
            }
        }
        return kept;
    }

    /** Problems with the directives themselves; call after every statement went through {@link #apply}. */
    public List<Finding> problems(Set<String> knownRules) {
        List<Finding> out = new ArrayList<>();
        for (Allow a : allows) {
            String where = " (line " + a.line + ")";
            if (!knownRules.contains(a.rule)) {
                out.add(Finding.warning(UNKNOWN_RULE, "manor:allow names unknown rule '" + a.rule + "'" + where,
                        "use one of the rule ids listed in docs/rules/README.md"));
            } else if (a.reason == null) {
                out.add(Finding.error(WITHOUT_REASON, "manor:allow " + a.rule + " has no reason" + where,
                        "-- manor:allow " + a.rule + " because <why this is safe here>"));
            } else if (!used.contains(a.rule)) {
                out.add(Finding.warning(UNUSED, "manor:allow " + a.rule + " suppresses nothing in this migration" + where,
                        "remove the directive"));
            }
        }
        return out;
    }
}
