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

/**
 * The files on disk set against manor_migrations: one entry per migration known to either, and the backfills
 * of applied migrations that have not finished (running, failed, or never started), and the repeatable scripts.
 */
public record StatusReport(List<Entry> entries, List<OpenBackfill> openBackfills, List<Repeatable> repeatables) {

    public StatusReport {
        entries = List.copyOf(entries);
        openBackfills = List.copyOf(openBackfills);
        repeatables = List.copyOf(repeatables);
    }

    public StatusReport(List<Entry> entries, List<OpenBackfill> openBackfills) {
        this(entries, openBackfills, List.of());
    }

    public StatusReport(List<Entry> entries) {
        this(entries, List.of());
    }

    /**
     * A repeatable script of {@code repeatable/} or of the history. {@code appliedSql} is the text last applied (null
     * when never applied), which a drift check rebuilds.
     */
    public record Repeatable(String name, String file, RepeatableState state, String appliedSql) {
    }

    /** Where a repeatable stands: the next deploy applies the NEW and CHANGED ones. */
    public enum RepeatableState {
        APPLIED("applied"),
        NEW("new: applied by the next deploy"),
        CHANGED("changed: re-applied by the next deploy"),
        REMOVED("file removed (what it created stays until a migration drops it)");

        private final String label;

        RepeatableState(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean pending() {
            return this == NEW || this == CHANGED;
        }
    }

    /** The repeatable scripts the next deploy applies. */
    public List<Repeatable> pendingRepeatables() {
        return repeatables.stream().filter(r -> r.state().pending()).toList();
    }

    public StatusReport withRepeatables(List<Repeatable> list) {
        return new StatusReport(entries, openBackfills, list);
    }

    /** An applied migration's backfill that has work left: {@code state} is running, failed or not started. */
    public record OpenBackfill(String migrationId, String folderName, String state, String lastKey, long rowsDone,
                               String error) {
        public static final String NOT_STARTED = "not started";

        public String describe() {
            return "backfill of " + folderName + " " + (NOT_STARTED.equals(state) ? "never started"
                    : state + " (" + rowsDone + " rows done" + (lastKey == null ? "" : ", up to key " + lastKey) + ")"
                    + (error == null ? "" : ": " + error));
        }
    }

    public StatusReport withBackfills(List<OpenBackfill> open) {
        return new StatusReport(entries, open, repeatables);
    }

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
                    case ROLLING_BACK -> MigrationState.ROLLBACK_INTERRUPTED;
                    default -> MigrationState.MISSING_ON_DISK;
                };
                entries.put(r.id(), new Entry(r.id(), r.name(), state, null, r));
            }
        }
        return new StatusReport(List.copyOf(new ArrayList<>(entries.values())), List.of());
    }

    private static MigrationState stateOf(Migration m, HistoryRecord r, String lastApplied) {
        if (r == null) {
            return m.id().compareTo(lastApplied) < 0 ? MigrationState.OUT_OF_ORDER : MigrationState.PENDING;
        }
        return switch (r.status()) {
            case APPLIED -> m.matchesChecksum(r.checksum()) ? MigrationState.APPLIED : MigrationState.EDITED;
            case FAILED -> MigrationState.FAILED;
            case RUNNING -> MigrationState.INTERRUPTED;
            case ROLLING_BACK -> MigrationState.ROLLBACK_INTERRUPTED;
            case ROLLED_BACK -> m.id().compareTo(lastApplied) < 0 ? MigrationState.OUT_OF_ORDER
                    : MigrationState.ROLLED_BACK;
        };
    }

    /** True when every migration on disk is applied, unedited, every backfill finished, and nothing else needs attention. */
    /** The migrations on disk, in id order, as this report read them. */
    public List<Migration> onDisk() {
        return entries.stream().map(Entry::migration).filter(java.util.Objects::nonNull).toList();
    }

    public boolean upToDate() {
        return entries.stream().noneMatch(e -> e.state().needsAttention()) && openBackfills.isEmpty()
                && pendingRepeatables().isEmpty();
    }

    /** The command that settles an entry that needs attention, or null when there is nothing to do for it. */
    public static String settleCommand(Entry e) {
        String id = e.id();
        return switch (e.state()) {
            case APPLIED -> null;
            case PENDING -> "'manor deploy' applies it";
            case ROLLED_BACK -> "'manor deploy' applies it again";
            case OUT_OF_ORDER -> "it is older than the newest applied migration; 'manor deploy --allow-out-of-order'"
                    + " applies it (or give it a newer id)";
            case FAILED, INTERRUPTED -> e.migration() == null
                    ? "its folder is gone; undo what it left behind (if anything), then 'manor resolve --rolled-back "
                            + id + "'"
                    : "fix migration.sql and run 'manor deploy' again (a no-transaction migration resumes after its"
                            + " last finished statement), or settle it: 'manor resolve --applied " + id
                            + "' if you finished it by hand, 'manor resolve --rolled-back " + id + "' if you undid it";
            case ROLLBACK_INTERRUPTED -> "'manor rollback --steps 1' finishes the rollback, or settle it: 'manor resolve"
                    + " --rolled-back " + id + "' if you finished the undo by hand, 'manor resolve --applied " + id
                    + "' if you redid what the undo removed";
            case EDITED -> "migration.sql differs from the applied version; restore that version from version"
                    + " control (and put the change in a new migration), or, if the edit changes nothing that ran,"
                    + " 'manor resolve --accept-edit " + id + " --reason \"<why>\"'";
            case MISSING_ON_DISK -> "its folder is gone but its changes are in the database; restore the folder from"
                    + " version control (rollback needs its down.sql)";
        };
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
                        || e.state() == MigrationState.MISSING_ON_DISK
                        || e.state() == MigrationState.ROLLBACK_INTERRUPTED)
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
