package dev.manor.change;

import dev.manor.config.Durations;
import dev.manor.migration.Directive;
import dev.manor.migration.Migration;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a plan step's migration.sql says about its plan: {@code -- manor:plan <plan> step <k>/<n>}, and its gate:
 * {@code -- manor:wait <duration>} (the plan's earlier steps applied that long in this environment) and
 * {@code -- manor:confirm <what a person confirms>}.
 */
public record PlanMarker(String plan, int step, int steps, Duration appliedFor, String confirm) {
    private static final Pattern PLAN = Pattern.compile("([a-z][a-z0-9_]*)\\s+step\\s+(\\d+)\\s*/\\s*(\\d+)");

    /** The marker of a migration that is a plan step, or empty. A malformed marker is refused with file and line. */
    public static Optional<PlanMarker> of(Migration m) {
        return of(m.upSql(), m.folderName() + "/" + Migration.UP_FILE);
    }

    public static Optional<PlanMarker> of(String upSql, String file) {
        String plan = null;
        int step = 0;
        int steps = 0;
        Duration wait = Duration.ZERO;
        String confirm = null;
        for (Directive d : Directive.parse(upSql)) {
            String where = file + ":" + d.line() + ": manor:" + d.name();
            switch (d.name()) {
                case Directive.PLAN -> {
                    Matcher m = PLAN.matcher(d.argument());
                    if (!m.matches()) {
                        throw new dev.manor.ManorException(where + ": write '-- manor:plan <plan_name> step <k>/<n>'");
                    }
                    plan = m.group(1);
                    step = Integer.parseInt(m.group(2));
                    steps = Integer.parseInt(m.group(3));
                }
                case Directive.WAIT -> wait = Durations.parse(d.argument(), where);
                case Directive.CONFIRM -> {
                    if (d.argument().isBlank()) {
                        throw new dev.manor.ManorException(where + ": say what a person confirms, e.g. "
                                + "'-- manor:confirm no application version reads \"User\".\"email\"'");
                    }
                    confirm = d.argument();
                }
                default -> {
                }
            }
        }
        return plan == null ? Optional.empty() : Optional.of(new PlanMarker(plan, step, steps, wait, confirm));
    }

    public boolean gated() {
        return !appliedFor.isZero() || confirm != null;
    }
}
