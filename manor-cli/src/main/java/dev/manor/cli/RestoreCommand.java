package dev.manor.cli;

import dev.manor.ManorException;
import dev.manor.backup.BackupManifest;
import dev.manor.gate.Gates;
import dev.manor.gate.TrackedBackups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

@Command(name = "restore", description = "Restore a backup over the environment's database, after saying what it replaces "
        + "and asking to type the database name. A protected environment also needs --overwrite-protected.")
final class RestoreCommand extends ProjectCommand {
    @Parameters(paramLabel = "<backup>", description = "Backup name as listed by 'manor backups' (or its .dump/.json file).")
    String backup;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Option(names = "--overwrite-protected", description = "Allow restoring over a protected environment's database.")
    boolean overwriteProtected;

    @Override
    int run(Session session) throws IOException {
        String env = session.config().manor().environment();
        if (session.config().manor().protectedEnv() && !overwriteProtected) {
            throw new ManorException("restore is refused: environment '" + env + "' is protected; if you really mean to "
                    + "replace its data, add --overwrite-protected");
        }
        TrackedBackups backups = Gates.backups(session.config(), session.connection(), Clock.systemUTC());
        BackupManifest m = backups.find(backup);
        String db = session.connection().database();
        out().println("Restoring " + m.dumpFile() + " (taken " + m.createdAt() + " from database " + m.database()
                + ", latest migration " + m.latestMigrationId().orElse("(none)") + ") over database " + db + " of "
                + session.target() + ".");
        out().println("Tables in the backup are dropped and recreated with the backup's rows; objects created since "
                + "are left as they are.");
        Map<String, Long> now = backups.service().rowCounts(session.connection(), m.schemas());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TABLE", "ROWS IN BACKUP", "ROWS NOW"});
        for (String table : new TreeSet<>(union(m.rowCounts(), now))) {
            rows.add(new String[] {table, count(m.rowCounts().get(table), "(not in backup: kept)"),
                    count(now.get(table), "(missing now)")});
        }
        TextTable.print(out(), rows);
        if (!force) {
            out().print("Type the database name (" + db + ") to replace it: ");
            out().flush();
            String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
            if (answer == null || !answer.trim().equals(db)) {
                throw new ManorException("restore cancelled (confirm by typing the database name, or pass --force)");
            }
        }
        long t0 = System.nanoTime();
        backups.restore(m);
        out().println("Restored " + m.dumpFile() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms (recorded in 'manor log').");
        return ExitCodes.OK;
    }

    private static TreeSet<String> union(Map<String, Long> a, Map<String, Long> b) {
        TreeSet<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static String count(Long n, String absent) {
        return n == null ? absent : n.toString();
    }
}
