package dev.manor.history;

import dev.manor.migration.Migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The files on disk set against manor_migrations: one entry per migration known to either. */
public record StatusReport(List<Entry> entries) {

    /** One migration; {@code migration} is null when missing on disk, {@code record} when never run. */
    public record Entry(String id, String name, MigrationState state, Migration migration, HistoryRecord record) {
        public String folderName() {
            return id + "_" + name;
        }
    }

    public static StatusReport of(List<Migration> onDisk, List<HistoryRecord> history) {
        Map<String, HistoryRecord> byId = history.stream()
                .collect(Collectors.toMap(HistoryRecord::id, Function.identity()));
        String lastApplied = history.stream().filter(r -> r.status() == HistoryStatus.APPLIED)
                .map(HistoryRecord::id).max(Comparator.naturalOrder()).orElse("");
        Map<String, Entry> entries = new TreeMap<>();
        for (Migration m : onDisk) {
            HistoryRecord r = byId.get(m.id());
            entries.put(m.id(), new Entry(m.id(), m.name(), stateOf(m, r, lastApplied), m, r));
        }
        for (HistoryRecord r : history) {
            if (!entries.containsKey(r.id()) && r.status() != HistoryStatus.ROLLED_BACK) {
                // Only an applied one is "applied but missing"; a failed one stays failed so that resolve can settle it.
                MigrationState state = switch (r.status()) {
                    case FAILED -> MigrationState.FAILED;
                    case RUNNING -> MigrationState.INTERRUPTED;
                    default -> MigrationState.MISSING_ON_DISK;
                };
                entries.put(r.id(), new Entry(r.id(), r.name(), state, null, r));
            }
        }
        return new StatusReport(List.copyOf(new ArrayList<>(entries.values())));
    }

    private static MigrationState stateOf(Migration m, HistoryRecord r, String lastApplied) {
        if (r == null) {
            return m.id().compareTo(lastApplied) < 0 ? MigrationState.OUT_OF_ORDER : MigrationState.PENDING;
        }
        return switch (r.status()) {
            case APPLIED -> m.matchesChecksum(r.checksum()) ? MigrationState.APPLIED : MigrationState.EDITED;
            case FAILED -> MigrationState.FAILED;
            case RUNNING -> MigrationState.INTERRUPTED;
            case ROLLED_BACK -> m.id().compareTo(lastApplied) < 0 ? MigrationState.OUT_OF_ORDER
                    : MigrationState.ROLLED_BACK;
        };
    }

    /** True when every migration on disk is applied, unedited, and nothing else needs attention. */
    public boolean upToDate() {
        return entries.stream().noneMatch(e -> e.state().needsAttention());
    }

    public List<Entry> withState(MigrationState state) {
        return entries.stream().filter(e -> e.state() == state).toList();
    }

    /** Migrations deploy would run, in order: pending, rolled back, failed or interrupted ones. */
    public List<Entry> toDeploy() {
        return entries.stream().filter(e -> e.migration() != null).filter(e -> switch (e.state()) {
            case PENDING, ROLLED_BACK, FAILED, INTERRUPTED -> true;
            default -> false;
        }).toList();
    }

    /** Applied migrations, newest first: the order rollback walks. */
    public List<Entry> appliedNewestFirst() {
        List<Entry> applied = new ArrayList<>(entries.stream()
                .filter(e -> e.state() == MigrationState.APPLIED || e.state() == MigrationState.EDITED
                        || e.state() == MigrationState.MISSING_ON_DISK)
                .toList());
        applied.sort(Comparator.comparing(Entry::id).reversed());
        return applied;
    }

    public Optional<Entry> find(String idOrFolder) {
        return entries.stream().filter(e -> e.id().equals(idOrFolder) || e.folderName().equals(idOrFolder)).findFirst();
    }

    /** The newest applied migration's id, if any. */
    public Optional<String> latestApplied() {
        return entries.stream().filter(e -> e.state() == MigrationState.APPLIED || e.state() == MigrationState.EDITED)
                .map(Entry::id).max(Comparator.naturalOrder());
    }
}
