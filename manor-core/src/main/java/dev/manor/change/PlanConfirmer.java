package dev.manor.change;

import dev.manor.ManorException;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.migration.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code manor confirm <plan-or-step> --reason "..."}: records that a person confirmed what a plan step asks
 * (e.g. that no running application version uses the old column), as a {@value PlanProgress#CONFIRMED} event with
 * the database user, the OS user and the reason. A plan name confirms its first step not yet applied that asks.
 */
public final class PlanConfirmer {
    private PlanConfirmer() {
    }

    /** Records the confirmation; returns the confirmed step's folder and what was confirmed. */
    public static String confirm(Connection c, HistoryStore history, List<Migration> migrations, String target,
                                 String reason, Instant now) throws SQLException {
        if (reason == null || reason.isBlank()) {
            throw new ManorException("a confirmation needs a reason: add --reason \"<who checked what>\" (it is recorded)");
        }
        if (!history.exists(c)) {
            throw new ManorException("nothing has been deployed here yet: a new environment needs no confirmation");
        }
        PlanProgress progress = PlanProgress.read(c, history, now);
        Migration step = resolve(migrations, target, progress);
        PlanMarker marker = PlanMarker.of(step).orElseThrow();
        history.record(c, Event.of(PlanProgress.CONFIRMED, step.id(), marker.plan(),
                "confirmed: " + marker.confirm() + "; because: " + reason.strip()));
        return step.folderName() + ": confirmed " + marker.confirm();
    }

    private static Migration resolve(List<Migration> migrations, String target, PlanProgress progress) {
        Optional<Migration> direct = migrations.stream()
                .filter(m -> m.id().equals(target) || m.folderName().equals(target)).findFirst();
        if (direct.isPresent()) {
            Migration m = direct.get();
            Optional<PlanMarker> marker = PlanMarker.of(m);
            if (marker.isEmpty() || marker.get().confirm() == null) {
                throw new ManorException(m.folderName() + " asks for no confirmation");
            }
            if (progress.applied(m.id())) {
                throw new ManorException(m.folderName() + " is already applied here");
            }
            return m;
        }
        List<Migration> steps = migrations.stream()
                .filter(m -> PlanMarker.of(m).map(pm -> pm.plan().equals(target)).orElse(false)).toList();
        if (steps.isEmpty()) {
            List<String> plans = migrations.stream().flatMap(m -> PlanMarker.of(m).stream()).map(PlanMarker::plan)
                    .distinct().toList();
            throw new ManorException("no plan or plan step named " + target
                    + (plans.isEmpty() ? " (the migrations hold no plan)" : "; plans: " + String.join(", ", plans)));
        }
        return steps.stream().filter(m -> !progress.applied(m.id()))
                .filter(m -> PlanMarker.of(m).orElseThrow().confirm() != null).findFirst()
                .orElseThrow(() -> new ManorException("plan " + target + " has no step left that waits for a confirmation"));
    }
}
