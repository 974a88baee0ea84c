package dev.manor.diff;

import dev.manor.schema.ColumnDef;
import dev.manor.schema.TableDef;

import java.util.List;

/** The multi-step forms (rename, type change) from the change planner; none until it is available. */
final class ChangePlanForms implements Planner.StepForms {
    private ChangePlanForms() {
    }

    static Planner.StepForms available() {
        return new ChangePlanForms();
    }

    @Override
    public List<GeneratedMigration> renameColumn(TableDef table, ColumnDef from, String to) {
        return null;
    }

    @Override
    public List<GeneratedMigration> changeType(TableDef table, ColumnDef from, ColumnDef to) {
        return null;
    }
}
