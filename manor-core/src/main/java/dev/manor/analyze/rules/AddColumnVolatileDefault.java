package dev.manor.analyze.rules;

import dev.manor.analyze.Finding;
import dev.manor.analyze.NormalizedSql;
import dev.manor.analyze.RuleContext;

import java.util.List;
import java.util.Set;

/** ADD COLUMN whose default must be computed per row: the table is rewritten under ACCESS EXCLUSIVE. */
public final class AddColumnVolatileDefault extends AlterTableRule {
    static final Set<String> VOLATILE = Set.of("RANDOM", "CLOCK_TIMESTAMP", "TIMEOFDAY", "GEN_RANDOM_UUID",
            "UUID_GENERATE_V1", "UUID_GENERATE_V1MC", "UUID_GENERATE_V4", "UUIDV7", "UUIDV4", "NEXTVAL", "TXID_CURRENT");
    static final Set<String> SERIALS = Set.of("SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL4", "SERIAL8", "SERIAL2");

    @Override
    public String id() {
        return "add-column-volatile-default";
    }

    @Override
    public String summary() {
        return "ADD COLUMN with a volatile default, serial, identity or stored generated column rewrites the table under ACCESS EXCLUSIVE";
    }

    @Override
    protected List<Finding> checkAction(RuleContext ctx, String table, NormalizedSql action, int actionCount) {
        var column = action.addedColumn();
        if (column.isEmpty()) {
            return List.of();
        }
        boolean volatileText = isVolatile(column.get());
        boolean rewrite = ctx.observed() ? ctx.facts().rewrote(table) && (volatileText || actionCount == 1) : volatileText;
        if (!rewrite) {
            return List.of();
        }
        String c = q(column.get().name());
        String t = q(table);
        return List.of(Finding.error(id(), "adding " + column.get().name() + " rewrites " + table
                        + " under ACCESS EXCLUSIVE (" + basis(ctx) + "): the default is computed per row",
                "ALTER TABLE " + t + " ADD COLUMN " + c + " " + column.get().type().sqlText() + ";\n"
                        + "ALTER TABLE " + t + " ALTER COLUMN " + c + " SET DEFAULT <expression>;\n"
                        + "-- then backfill old rows in batches, outside this migration:\n"
                        + "UPDATE " + t + " SET " + c + " = <expression> WHERE ctid IN (SELECT ctid FROM " + t
                        + " WHERE " + c + " IS NULL LIMIT 1000);"));
    }

    static boolean isVolatile(dev.manor.analyze.NormalizedSql.ColumnDef column) {
        NormalizedSql rest = column.constraints();
        if (!column.type().isEmpty() && SERIALS.contains(column.type().tokens().get(0).text())) {
            return true;
        }
        if (rest.has("GENERATED") && (rest.has("STORED") || rest.has("IDENTITY"))) {
            return true;
        }
        int def = rest.indexOf("DEFAULT", 0);
        if (def < 0) {
            return false;
        }
        return rest.tokens().subList(def, rest.tokens().size()).stream().anyMatch(t -> VOLATILE.contains(t.text()));
    }
}
