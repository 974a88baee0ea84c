package dev.manor.diff;

import dev.manor.change.ChangePlan;
import dev.manor.change.ChangePlans;
import dev.manor.change.ChangeRequest;
import dev.manor.change.SchemaFacts;
import dev.manor.schema.ColumnDef;
import dev.manor.schema.TableDef;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The multi-step forms from the change planner ({@code manor new --change}), so a diff and a hand-made plan are the
 * same migrations. The planner names tables unqualified: used for the schema {@code public} only (else null, and the
 * diff falls back to its own single-schema-safe form or refuses).
 */
final class ChangePlanForms implements Planner.StepForms {
    private final Clock clock;

    ChangePlanForms(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<GeneratedMigration> renameColumn(TableDef table, ColumnDef from, String to) {
        if (!"public".equals(table.schema())) {
            return null;
        }
        ChangePlan plan = ChangePlans.plan(ChangeRequest.of("rename-column").with(ChangeRequest.TABLE, table.name())
                .with(ChangeRequest.COLUMN, from.name()).with(ChangeRequest.TO, to).with(ChangeRequest.TYPE, from.type()),
                known(from), clock);
        return GeneratedMigration.of(plan);
    }

    @Override
    public List<GeneratedMigration> makeRequired(TableDef table, ColumnDef column, String backfill) {
        if (!"public".equals(table.schema())) {
            return null;
        }
        ChangeRequest r = ChangeRequest.of("make-required").with(ChangeRequest.TABLE, table.name())
                .with(ChangeRequest.COLUMN, column.name()).with(ChangeRequest.BACKFILL, backfill);
        // Backfill is required by the planner; "NULL" would fill nothing, so a column without one only gets the check.
        ChangePlan plan = ChangePlans.plan(backfill == null ? r.with(ChangeRequest.BACKFILL, "NULL") : r,
                known(column), clock);
        if (backfill == null) {
            plan = new ChangePlan(plan.name(), plan.kind(), plan.summary(), plan.steps().stream()
                    .map(s -> new dev.manor.change.PlanStep(s.name(), s.description(), s.upSql(), s.downSql(), null,
                            s.verifySql(), s.gate(), s.appNote(), s.locks())).toList());
        }
        return GeneratedMigration.of(plan);
    }

    @Override
    public List<GeneratedMigration> changeType(TableDef table, ColumnDef from, ColumnDef to) {
        return null;
    }

    /** The column as it is before the plan (nullable: the diff added it, or it was). */
    private static SchemaFacts known(ColumnDef c) {
        return (t, col) -> t.equals(c.table()) && col.equals(c.name())
                ? Optional.of(new SchemaFacts.Column(c.type(), false)) : Optional.empty();
    }
}
