package dev.manor.change;

import dev.manor.history.Event;
import dev.manor.history.HistoryRecord;
import dev.manor.history.HistoryStatus;
import dev.manor.history.HistoryStore;
import dev.manor.migration.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where each change plan stands in one environment, from the migrations' plan markers, the history and the
 * {@value #CONFIRMED} events; and, for one step, what it still waits for. The plan gate and {@code status} share it.
 */
public final class PlanProgress {
    /** The event {@code manor confirm} records: migration_id is the confirmed step, outcome the plan, detail the why. */
    public static final String CONFIRMED = "plan-confirmed";

    /** One step of a plan in one environment. {@code waitsFor} is null when it may deploy (or is applied). */
    public record StepState(String migrationId, String folder, int step, boolean applied, String waitsFor) {
    }

    /** A plan: its steps in order, and the first one not applied (null when done). */
    public record PlanState(String plan, int steps, List<StepState> stepStates) {
        public Optional<StepState> current() {
            return stepStates.stream().filter(s -> !s.applied()).findFirst();
        }

        public long applied() {
            return stepStates.stream().filter(StepState::applied).count();
        }
    }

    private final List<HistoryRecord> records;
    private final Set<String> confirmed;
    private final Instant now;

    public PlanProgress(List<HistoryRecord> records, Collection<Event> events, Instant now) {
        this.records = List.copyOf(records);
        this.confirmed = events.stream().filter(e -> CONFIRMED.equals(e.action())).map(Event::migrationId)
                .collect(Collectors.toSet());
        this.now = now;
    }

    /** Reads the history and the confirmations of the connection's environment. */
    public static PlanProgress read(Connection c, HistoryStore history, Instant now) throws SQLException {
        return new PlanProgress(history.records(c), history.eventsOfAction(c, CONFIRMED), now);
    }

    /** Every plan among the migrations, in the order of its first step. */
    public List<PlanState> plans(List<Migration> migrations) {
        Map<String, List<StepState>> byPlan = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Migration m : migrations) {
            Optional<PlanMarker> marker = PlanMarker.of(m);
            if (marker.isEmpty()) {
                continue;
            }
            PlanMarker pm = marker.get();
            boolean applied = applied(m.id());
            String waits = applied || newEnvironment() ? null : waitsFor(m, pm, List.of()).orElse(null);
            byPlan.computeIfAbsent(pm.plan(), k -> new ArrayList<>())
                    .add(new StepState(m.id(), m.folderName(), pm.step(), applied, waits));
            sizes.put(pm.plan(), pm.steps());
        }
        List<PlanState> out = new ArrayList<>();
        byPlan.forEach((plan, steps) -> out.add(new PlanState(plan, sizes.get(plan), List.copyOf(steps))));
        return out;
    }

    /**
     * What the step still waits for before a deploy may apply it, or empty. {@code alsoDeploying} are the other
     * migrations of the same deploy: an earlier step among them has not been applied for any time yet.
     */
    public Optional<String> waitsFor(Migration m, PlanMarker marker, List<Migration> alsoDeploying) {
        if (!marker.gated()) {
            return Optional.empty();
        }
        String plan = marker.plan();
        for (Migration other : alsoDeploying) {
            Optional<PlanMarker> om = PlanMarker.of(other);
            if (om.isPresent() && om.get().plan().equals(plan) && om.get().step() < marker.step()) {
                return Optional.of("step " + om.get().step() + " (" + other.folderName() + ") is in the same deploy; "
                        + "deploy up to it first (manor deploy --to " + other.id() + ")"
                        + (marker.appliedFor().isZero() ? "" : ", then wait " + Sql.duration(marker.appliedFor())));
            }
        }
        List<HistoryRecord> earlier = records.stream()
                .filter(r -> r.status() == HistoryStatus.APPLIED && r.id().compareTo(m.id()) < 0
                        && r.name().startsWith(plan + "_"))
                .toList();
        if (earlier.size() < marker.step() - 1) {
            return Optional.of("the plan's earlier steps are not all applied here (" + earlier.size() + " of "
                    + (marker.step() - 1) + ")");
        }
        if (!marker.appliedFor().isZero()) {
            Instant last = earlier.stream().map(r -> r.finishedAt() == null ? r.startedAt() : r.finishedAt())
                    .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
            if (last != null) {
                Instant due = last.plus(marker.appliedFor());
                if (now.isBefore(due)) {
                    return Optional.of("the earlier steps to be applied for " + Sql.duration(marker.appliedFor())
                            + " (last applied " + last.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "): not before "
                            + due.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (in " + roughly(Duration.between(now, due)) + ")");
                }
            }
        }
        if (marker.confirm() != null && !confirmed.contains(m.id())) {
            return Optional.of("a person to confirm: " + marker.confirm() + " (manor confirm " + plan
                    + " --reason \"<why>\")");
        }
        return Optional.empty();
    }

    /** A wait as a person reads it: 6d 23h, 2h 5min, 4min 10s. */
    static String roughly(Duration d) {
        long s = Math.max(1, d.getSeconds());
        if (s >= 86_400) {
            return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h " + s % 3600 / 60 + "min";
        }
        return s >= 60 ? s / 60 + "min " + s % 60 + "s" : s + "s";
    }

    public boolean applied(String id) {
        return records.stream().anyMatch(r -> r.id().equals(id) && r.status() == HistoryStatus.APPLIED);
    }

    /** Whether this environment has a history at all: a new one has no application running on it yet. */
    public boolean newEnvironment() {
        return records.isEmpty();
    }
}
