package dev.manor.change;

import java.time.Clock;
import java.util.List;

import static dev.manor.change.ChangeRequest.COLUMNS;
import static dev.manor.change.ChangeRequest.NAME;
import static dev.manor.change.ChangeRequest.Param;
import static dev.manor.change.ChangeRequest.REFERENCES;
import static dev.manor.change.ChangeRequest.REFERENCES_COLUMNS;
import static dev.manor.change.ChangeRequest.TABLE;
import static dev.manor.change.Sql.ident;
import static dev.manor.change.Sql.idents;

/** A foreign key added NOT VALID (no scan under the strong lock), then validated in its own step. */
final class AddForeignKey implements ChangeKind {
    @Override
    public String name() {
        return "add-foreign-key";
    }

    @Override
    public String summary() {
        return "add a foreign key: NOT VALID, then VALIDATE in a later migration";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required(TABLE, "the referencing table"), Param.required(COLUMNS, "its column(s), comma-separated"),
                Param.required(REFERENCES, "the referenced table"),
                Param.optional(REFERENCES_COLUMNS, "the referenced column(s) (default id)"),
                Param.optional(NAME, "the constraint's name (default <table>_<columns>_fkey)"));
    }

    @Override
    public ChangePlan plan(ChangeRequest r, SchemaFacts schema, Clock clock) {
        String table = r.required(TABLE);
        List<String> columns = r.list(COLUMNS);
        String ref = r.required(REFERENCES);
        List<String> refColumns = r.optionalList(REFERENCES_COLUMNS).orElse(List.of("id"));
        String name = r.optional(NAME).orElse(Sql.pgName(Sql.base(table) + "_" + String.join("_", columns) + "_fkey"));
        String t = ident(table);
        String fk = ident(name);
        String add = "ALTER TABLE " + t + " ADD CONSTRAINT " + fk + " FOREIGN KEY (" + idents(columns) + ") REFERENCES "
                + ident(ref) + " (" + idents(refColumns) + ") NOT VALID;";
        List<PlanStep> steps = List.of(
                new PlanStep("add", "adds the foreign key NOT VALID: new and changed rows are checked at once, existing rows are not scanned",
                        add, "ALTER TABLE " + t + " DROP CONSTRAINT " + fk + ";", null, Steps.constraintExists(table, name),
                        StepGate.NONE, null,
                        List.of("SHARE ROW EXCLUSIVE on " + t + " and " + ident(ref) + " for a catalog change (milliseconds)")),
                new PlanStep("validate", "validates the foreign key: scans " + t + " without blocking its reads and writes",
                        "ALTER TABLE " + t + " VALIDATE CONSTRAINT " + fk + ";",
                        "ALTER TABLE " + t + " DROP CONSTRAINT " + fk + ";\n" + add, null,
                        "DO $$\nBEGIN\n    IF NOT (SELECT convalidated FROM pg_constraint WHERE conrelid = " + Sql.literal(t)
                                + "::regclass AND conname = " + Sql.literal(name) + ") THEN\n        RAISE EXCEPTION "
                                + Sql.literal(name + " is not validated") + ";\n    END IF;\nEND $$;",
                        StepGate.NONE, "fix the rows that violate the key (the validation fails on them and changes nothing)",
                        List.of("SHARE UPDATE EXCLUSIVE on " + t + " while it scans (reads and writes continue)",
                                "ROW SHARE on " + ident(ref))));
        String plan = Steps.planName(r, "add_" + Sql.snake(table) + "_" + Sql.snake(String.join("_", columns)) + "_fkey");
        return new ChangePlan(plan, name(), "adding foreign key " + name + " on " + t, steps);
    }
}
