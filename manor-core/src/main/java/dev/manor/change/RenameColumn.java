package dev.manor.change;

import java.time.Clock;
import java.util.List;

import static dev.manor.change.ChangeRequest.COLUMN;
import static dev.manor.change.ChangeRequest.Param;
import static dev.manor.change.ChangeRequest.SAFETY_PERIOD;
import static dev.manor.change.ChangeRequest.TABLE;
import static dev.manor.change.ChangeRequest.TO;
import static dev.manor.change.ChangeRequest.TYPE;
import static dev.manor.change.Sql.ident;

/** Rename a column while both application versions run: a new column kept in step by a trigger (see {@link ExpandContract}). */
final class RenameColumn implements ChangeKind {
    static final String WAIT = "wait";

    @Override
    public String name() {
        return "rename-column";
    }

    @Override
    public String summary() {
        return "rename a column: new column + sync trigger + backfill, contract, drop the old one after the safety period";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required(TABLE, "the table"), Param.required(COLUMN, "the column"),
                Param.required(TO, "its new name"),
                Param.optional(TYPE, "the column's type, when the migrations do not tell it"),
                Param.optional(WAIT, "how long the expand stays applied before the contract (default 1h)"),
                Param.optional(SAFETY_PERIOD, "how long the old column stays deprecated before the drop (default 7d)"));
    }

    @Override
    public ChangePlan plan(ChangeRequest r, SchemaFacts schema, Clock clock) {
        String table = r.required(TABLE);
        String column = r.required(COLUMN);
        String to = r.required(TO);
        SchemaFacts.Column old = Steps.column(r, schema, table, column, TYPE);
        String plan = Steps.planName(r, "rename_" + Sql.snake(table) + "_" + Sql.snake(column) + "_to_" + Sql.snake(to));
        var spec = new ExpandContract.Spec(plan, table, column, to, old.type(), old, null, null, "%s", "%s",
                r.duration(WAIT, Steps.DEFAULT_WAIT), r.duration(SAFETY_PERIOD, Steps.DEFAULT_SAFETY_PERIOD));
        return new ChangePlan(plan, name(), "renaming " + ident(table) + "." + ident(column) + " to " + ident(to),
                ExpandContract.steps(spec, clock));
    }
}
