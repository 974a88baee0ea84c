package dev.manor.change;

import java.time.Clock;
import java.util.List;

import static dev.manor.change.ChangeRequest.BACK;
import static dev.manor.change.ChangeRequest.COLUMN;
import static dev.manor.change.ChangeRequest.Param;
import static dev.manor.change.ChangeRequest.SAFETY_PERIOD;
import static dev.manor.change.ChangeRequest.TABLE;
import static dev.manor.change.ChangeRequest.TO;
import static dev.manor.change.ChangeRequest.TYPE;
import static dev.manor.change.ChangeRequest.USING;
import static dev.manor.change.Sql.ident;

/**
 * Change a column's type without rewriting the table under a lock: a new column of the new type under a new name,
 * kept in step with the old one by a trigger through two conversion functions (see {@link ExpandContract}).
 */
final class ChangeType implements ChangeKind {
    static final String FROM_TYPE = "from-type";
    static final String WAIT = "wait";

    @Override
    public String name() {
        return "change-type";
    }

    @Override
    public String summary() {
        return "change a column's type: new column + sync trigger + backfill, contract, drop the old one after the safety period";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required(TABLE, "the table"), Param.required(COLUMN, "the column"),
                Param.required(TYPE, "the new type"),
                Param.required(TO, "the new column's name (both names work until the contract)"),
                Param.optional(USING, "SQL turning the old value (named as the old column) into the new type (default a cast)"),
                Param.optional(BACK, "SQL turning the new value (named as the new column) into the old type (default a cast)"),
                Param.optional(FROM_TYPE, "the old type, when the migrations do not tell it"),
                Param.optional(WAIT, "how long the expand stays applied before the contract (default 1h)"),
                Param.optional(SAFETY_PERIOD, "how long the old column stays deprecated before the drop (default 7d)"));
    }

    @Override
    public ChangePlan plan(ChangeRequest r, SchemaFacts schema, Clock clock) {
        String table = r.required(TABLE);
        String column = r.required(COLUMN);
        String to = r.required(TO);
        String type = r.required(TYPE);
        SchemaFacts.Column old = Steps.column(r, schema, table, column, FROM_TYPE);
        String plan = Steps.planName(r, "change_" + Sql.snake(table) + "_" + Sql.snake(column) + "_type");
        String fwdName = ident(Sql.pgName(plan + "_fwd"));
        String backName = ident(Sql.pgName(plan + "_back"));
        String using = r.optional(USING).orElse(ident(column) + "::" + type);
        String back = r.optional(BACK).orElse(ident(to) + "::" + old.type());
        String functions = "CREATE FUNCTION " + fwdName + "(" + ident(column) + " " + old.type() + ") RETURNS " + type
                + " LANGUAGE sql IMMUTABLE AS $$ SELECT " + using + " $$;\n"
                + "CREATE FUNCTION " + backName + "(" + ident(to) + " " + type + ") RETURNS " + old.type()
                + " LANGUAGE sql IMMUTABLE AS $$ SELECT " + back + " $$;";
        String drop = "DROP FUNCTION " + fwdName + "(" + old.type() + ");\nDROP FUNCTION " + backName + "(" + type + ");";
        var spec = new ExpandContract.Spec(plan, table, column, to, type, old, functions, drop,
                fwdName + "(%s)", backName + "(%s)",
                r.duration(WAIT, Steps.DEFAULT_WAIT), r.duration(SAFETY_PERIOD, Steps.DEFAULT_SAFETY_PERIOD));
        return new ChangePlan(plan, name(), "changing " + ident(table) + "." + ident(column) + " from " + old.type()
                + " to " + type + " as " + ident(to), ExpandContract.steps(spec, clock));
    }
}
