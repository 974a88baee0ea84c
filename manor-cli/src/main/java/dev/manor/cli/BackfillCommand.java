package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.deploy.backfill.BackfillRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "backfill", description = "Backfills run by deploy after their migration: 'manor backfill status'"
        + " lists running, failed and finished ones.")
final class BackfillCommand extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "status", description = "The action; only 'status' for now.")
    String action;

    @Override
    int run(Session session) {
        if (!"status".equals(action)) {
            throw new ManorException("unknown backfill action '" + action + "'; use 'manor backfill status'");
        }
        List<BackfillRecord> all = session.manor().backfills();
        if (all.isEmpty()) {
            out().println("No backfill has run yet.");
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MIGRATION", "TABLE", "STATUS", "ROWS", "BATCHES", "LAST KEY", "STARTED", "UPDATED", "ERROR"});
        for (BackfillRecord r : all) {
            rows.add(new String[] {r.migrationId(), r.table(), r.status(), Long.toString(r.rowsDone()),
                    Integer.toString(r.batches()), r.lastKey() == null ? "" : r.keyColumn() + " = " + r.lastKey(),
                    String.valueOf(r.startedAt()), String.valueOf(r.updatedAt()),
                    r.error() == null ? "" : r.error()});
        }
        TextTable.print(out(), rows);
        return ExitCodes.OK;
    }
}
