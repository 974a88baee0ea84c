package dev.manor.analyze;

import java.util.List;

/** One check, applied to every statement of a migration. One class per rule in dev.manor.analyze.rules. */
public interface Rule {
    /** Kebab-case id, used in suppressions, reports and docs/rules/&lt;id&gt;.md. */
    String id();

    /** One line: what the rule catches (SARIF help text, docs index). */
    String summary();

    List<Finding> check(RuleContext ctx);
}
