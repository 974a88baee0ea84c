package dev.manor.analyze.rules;

import dev.manor.analyze.Basis;
import dev.manor.analyze.Finding;
import dev.manor.analyze.Rule;
import dev.manor.analyze.RuleContext;

import java.util.List;

/**
 * A statement (or migration) that failed on the shadow database: with sample rows only, it was observed
 * without them (a warning: production rows may fail it too); without them as well, nothing tells what it
 * does (an error: a protected environment refuses it unless allowed with a reason).
 */
public final class NotObservable implements Rule {
    public static final String ID = "not-observable";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "a statement or migration failed on the shadow database, so its effect could not be observed";
    }

    @Override
    public List<Finding> check(RuleContext ctx) {
        var facts = ctx.facts();
        if (facts.basis() == Basis.NOT_JUDGED) {
            return List.of(Finding.error(id(), "not observable: " + facts.note() + "; judged from its text only,"
                    + " and it may fail in production too", allow()));
        }
        if (facts.basis() == Basis.OBSERVED && facts.note() != null) {
            return List.of(Finding.warning(id(), facts.note()
                    + "; make sure production rows cannot make it fail", null));
        }
        return List.of();
    }

    /** How to deploy it anyway, once someone has checked it by other means. */
    public static String allow() {
        return "-- fix the statement, or check it by other means and record why:\n-- manor:allow " + ID
                + " because <reason>";
    }
}
