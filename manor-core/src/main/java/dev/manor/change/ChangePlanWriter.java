package dev.manor.change;

import dev.manor.ManorException;
import dev.manor.migration.Migration;
import dev.manor.migration.MigrationNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a plan as migration folders, one per step, with consecutive ids from the clock's now:
 * {@code <id>_<plan>_<step>/migration.sql} (its header, the plan marker and the gate directives, then the step's SQL),
 * {@code down.sql}, and {@code backfill.sql} and {@code verify.sql} where the step has them.
 */
public final class ChangePlanWriter {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private ChangePlanWriter() {
    }

    /** The folders written, in order. Refuses a plan whose name a migration in the folder already uses. */
    public static List<Path> write(Path migrationsDir, ChangePlan plan, Clock clock) {
        try {
            Files.createDirectories(migrationsDir);
            List<String> existing = folders(migrationsDir);
            for (String folder : existing) {
                String[] parts = MigrationNames.parseFolder(folder);
                if (parts != null && parts[1].startsWith(plan.name() + "_")) {
                    throw new ManorException("a plan named " + plan.name() + " already exists (" + folder
                            + "); choose another name with --plan");
                }
            }
            for (PlanStep step : plan.steps()) {
                MigrationNames.requireValidName(plan.migrationName(step));
            }
            LocalDateTime next = LocalDateTime.now(clock);
            List<Path> written = new ArrayList<>();
            int n = plan.steps().size();
            for (int i = 0; i < n; i++) {
                while (taken(existing, ID.format(next))) {
                    next = next.plusSeconds(1);
                }
                PlanStep step = plan.steps().get(i);
                Path dir = migrationsDir.resolve(ID.format(next) + "_" + plan.migrationName(step));
                next = next.plusSeconds(1);
                Files.createDirectory(dir);
                Files.writeString(dir.resolve(Migration.UP_FILE), up(plan, step, i + 1, n));
                Files.writeString(dir.resolve(Migration.DOWN_FILE), down(plan, step));
                if (step.backfillSql() != null) {
                    Files.writeString(dir.resolve(Migration.BACKFILL_FILE), step.backfillSql().strip() + "\n");
                }
                if (step.verifySql() != null) {
                    Files.writeString(dir.resolve(Migration.VERIFY_FILE), "-- Checks that " + plan.migrationName(step)
                            + " took effect (read-only).\n" + step.verifySql().strip() + "\n");
                }
                written.add(dir);
            }
            return written;
        } catch (IOException e) {
            throw new ManorException("cannot write the plan into " + migrationsDir + ": " + e.getMessage(), e);
        }
    }

    /** migration.sql's text: header, marker, gate directives, the step's SQL. */
    static String up(ChangePlan plan, PlanStep step, int k, int n) {
        StringBuilder sb = new StringBuilder();
        sb.append("-- ").append(plan.migrationName(step)).append(": step ").append(k).append(" of ").append(n)
                .append(" of ").append(plan.summary()).append('\n');
        sb.append("-- What: ").append(step.description()).append('\n');
        for (String lock : step.locks()) {
            sb.append("-- Lock: ").append(lock).append('\n');
        }
        if (step.appNote() != null) {
            sb.append("-- Before this step: ").append(step.appNote()).append('\n');
        }
        sb.append("-- Written by manor new --change ").append(plan.kind()).append("; see docs/changes/")
                .append(plan.kind()).append(".md\n");
        sb.append("-- manor:plan ").append(plan.name()).append(" step ").append(k).append('/').append(n).append('\n');
        if (!step.gate().appliedFor().isZero()) {
            sb.append("-- manor:wait ").append(Sql.duration(step.gate().appliedFor())).append('\n');
        }
        if (step.gate().confirm() != null) {
            sb.append("-- manor:confirm ").append(step.gate().confirm()).append('\n');
        }
        sb.append('\n').append(step.upSql().strip()).append('\n');
        return sb.toString();
    }

    static String down(ChangePlan plan, PlanStep step) {
        return "-- Rollback of " + plan.migrationName(step) + ": back to the schema before this step.\n\n"
                + step.downSql().strip() + "\n";
    }

    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static boolean taken(List<String> existing, String id) {
        return existing.stream().anyMatch(f -> f.startsWith(id + "_"));
    }
}
