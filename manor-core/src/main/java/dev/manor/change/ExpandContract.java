package dev.manor.change;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.manor.change.Sql.ident;

/**
 * The expand/contract shape of a column rename or type change, served to both application versions by a sync
 * trigger: expand adds the new column and a BEFORE INSERT OR UPDATE trigger that copies each write across
 * (old to new through {@code fwd}, new to old through {@code back}) and backfills the existing rows; when the old
 * column was NOT NULL the new one becomes NOT NULL in two steps; the contract (gated) drops the sync and deprecates
 * the old column; the drop (after the safety period) removes it.
 */
final class ExpandContract {
    private ExpandContract() {
    }

    /**
     * @param fwdFunction  SQL creating the function(s) fwd/back use, or null (a rename needs none)
     * @param dropFunction SQL dropping them, or null
     * @param fwd          the new value from the old column, with {@code %s} for the old value
     * @param back         the old value from the new column, with {@code %s} for the new value
     */
    record Spec(String plan, String table, String column, String to, String newType, SchemaFacts.Column old,
                String fwdFunction, String dropFunction, String fwd, String back, Duration contractAfter, Duration safety) {
    }

    static List<PlanStep> steps(Spec s, Clock clock) {
        String t = ident(s.table());
        String c = ident(s.column());
        String to = ident(s.to());
        String sync = ident(Sql.pgName(s.plan() + "_sync"));
        String trigger = "CREATE TRIGGER " + sync + " BEFORE INSERT OR UPDATE ON " + t
                + " FOR EACH ROW EXECUTE FUNCTION " + sync + "();";
        String functions = (s.fwdFunction() == null ? "" : s.fwdFunction().strip() + "\n") + syncFunction(s, sync);
        String dropFunctions = "DROP FUNCTION " + sync + "();" + (s.dropFunction() == null ? "" : "\n" + s.dropFunction().strip());
        String dropTrigger = "DROP TRIGGER " + sync + " ON " + t + ";";
        List<PlanStep> steps = new ArrayList<>();
        steps.add(new PlanStep("expand",
                "adds " + t + "." + to + " " + s.newType() + " and a trigger that keeps it and " + c
                        + " in step on every insert and update; backfill.sql fills the existing rows in batches",
                // the functions first: they lock nothing on the table, and every statement after ADD COLUMN runs
                // under its ACCESS EXCLUSIVE lock until commit, with the traffic queued behind it
                functions + "\n" + "ALTER TABLE " + t + " ADD COLUMN " + to + " " + s.newType() + ";\n" + trigger,
                dropTrigger + "\n" + dropFunctions + "\nALTER TABLE " + t + " DROP COLUMN " + to + ";",
                "-- Copies " + c + " into " + to + " for the rows written before the trigger, in batches.\n"
                        + "-- rows=existing: rows inserted from now on are the trigger's, so the walk ends at the last key\n"
                        + "-- present when it starts (with a pause= it would otherwise chase a steady stream of inserts).\n"
                        + "-- manor:backfill rows=existing\n"
                        + "UPDATE " + t + " SET " + to + " = " + String.format(s.fwd(), c) + " WHERE " + to + " IS NULL AND "
                        + c + " IS NOT NULL;",
                Steps.columnExists(s.table(), s.to()),
                StepGate.NONE, null,
                List.of(Steps.locks(Steps.BRIEF_EXCLUSIVE, s.table()) + " for ADD COLUMN",
                        "SHARE ROW EXCLUSIVE on " + t + " for CREATE TRIGGER (milliseconds)",
                        "the backfill's row locks, one batch at a time")));
        if (s.old().notNull()) {
            steps.addAll(Steps.notNull(s.table(), s.to(), "not_null_check", "not_null", null, StepGate.NONE, null));
        }
        String deprecatedUp = dropTrigger + "\n" + dropFunctions
                + (s.old().notNull() ? "\nALTER TABLE " + t + " ALTER COLUMN " + c + " DROP NOT NULL;" : "");
        String deprecatedDown = functions + "\n" + trigger + "\n"
                + "UPDATE " + t + " SET " + c + " = " + String.format(s.back(), to) + " WHERE " + c + " IS DISTINCT FROM "
                + String.format(s.back(), to) + ";"
                + (s.old().notNull() ? "\nALTER TABLE " + t + " ALTER COLUMN " + c + " SET NOT NULL;" : "");
        steps.add(RemoveColumn.deprecate("contract", s.table(), s.column(), s.safety(), clock,
                new StepGate(s.contractAfter(), "no running application version reads or writes " + t + "." + c),
                "deploy the application version that uses " + to + " only, retire every instance of the old one, then run manor confirm",
                deprecatedUp, deprecatedDown));
        steps.add(Steps.dropDeprecatedColumn(s.table(), s.column(), s.safety(), "drop"));
        return steps;
    }

    private static String syncFunction(Spec s, String sync) {
        String c = "NEW." + ident(s.column());
        String to = "NEW." + ident(s.to());
        String oc = "OLD." + ident(s.column());
        String oto = "OLD." + ident(s.to());
        String fwd = String.format(s.fwd(), c);
        String back = String.format(s.back(), to);
        return "CREATE FUNCTION " + sync + "() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                + "BEGIN\n"
                + "    -- A write through either name reaches the other: an insert takes the new column's value when it\n"
                + "    -- has one, an update copies whichever column changed (a row already in step is left alone).\n"
                + "    IF TG_OP = 'INSERT' THEN\n"
                + "        IF " + to + " IS NOT NULL THEN\n"
                + "            " + c + " := " + back + ";\n"
                + "        ELSE\n"
                + "            " + to + " := " + fwd + ";\n"
                + "        END IF;\n"
                + "    ELSIF " + c + " IS DISTINCT FROM " + oc + " AND " + to + " IS NOT DISTINCT FROM " + oto + " THEN\n"
                + "        IF " + c + " IS DISTINCT FROM " + back + " THEN\n"
                + "            " + to + " := " + fwd + ";\n"
                + "        END IF;\n"
                + "    ELSIF " + to + " IS DISTINCT FROM " + oto + " AND " + c + " IS NOT DISTINCT FROM " + oc + " THEN\n"
                + "        IF " + to + " IS DISTINCT FROM " + fwd + " THEN\n"
                + "            " + c + " := " + back + ";\n"
                + "        END IF;\n"
                + "    END IF;\n"
                + "    RETURN NEW;\n"
                + "END $$;";
    }
}
