package dev.manor.gate;

import dev.manor.change.PlanMarker;
import dev.manor.change.PlanProgress;
import dev.manor.deploy.PlannedMigration;
import dev.manor.history.HistoryStore;
import dev.manor.migration.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Change plans across deploys: a step marked {@code -- manor:wait} or {@code -- manor:confirm} (the contract of a
 * rename, the drop of a removal) is refused until the plan's earlier steps have been applied in this environment
 * for that long, in an earlier deploy, and a person has confirmed what it asks ({@code manor confirm}). It protects
 * running application versions, so it applies in every environment, except a new one (empty history), which has
 * no application running on it yet.
 */
public final class PlanGate implements Gate {
    private final HistoryStore history;
    private final Clock clock;

    public PlanGate(HistoryStore history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "plan";
    }

    @Override
    public String overrideFlag() {
        return "--skip-plan-wait";
    }

    @Override
    public Verdict evaluate(List<PlannedMigration> plan, Connection connection) throws SQLException {
        List<Migration> ups = plan.stream().filter(p -> PlannedMigration.UP.equals(p.direction()))
                .map(PlannedMigration::migration).toList();
        List<Migration> gated = new ArrayList<>();
        for (Migration m : ups) {
            PlanMarker.of(m).filter(PlanMarker::gated).ifPresent(pm -> gated.add(m));
        }
        if (gated.isEmpty()) {
            return Verdict.pass("no gated plan step");
        }
        PlanProgress progress = PlanProgress.read(connection, history, clock.instant());
        if (progress.newEnvironment()) {
            return Verdict.pass("new environment: no application version runs on it yet");
        }
        List<String> passed = new ArrayList<>();
        for (Migration m : gated) {
            PlanMarker marker = PlanMarker.of(m).orElseThrow();
            Optional<String> waits = progress.waitsFor(m, marker, ups.subList(0, ups.indexOf(m)));
            if (waits.isPresent()) {
                return Verdict.refuse(m.folderName() + " (step " + marker.step() + "/" + marker.steps() + " of plan "
                        + marker.plan() + ") waits for " + waits.get());
            }
            passed.add(m.folderName());
        }
        return Verdict.pass("ready: " + String.join(", ", passed));
    }
}
