package dev.manor.analyze;

import java.util.ArrayList;
import java.util.List;

/**
 * The locks PostgreSQL documents for a statement, used when the statement was not observed (static
 * analysis, or statements that cannot run in the probe's transaction). Names are as written in SQL.
 */
public final class KnownLocks {
    private KnownLocks() {
    }

    public static List<LockFact> of(NormalizedSql sql) {
        List<LockFact> locks = new ArrayList<>();
        String table = sql.targetTable();
        boolean concurrently = sql.has("CONCURRENTLY");
        if (sql.startsWith("ALTER TABLE") && table != null) {
            sql.alterTable().ifPresent(at -> {
                for (NormalizedSql a : at.actions()) {
                    locks.addAll(alterAction(table, a));
                }
            });
        } else if (sql.isCreateIndex() && table != null) {
            locks.add(new LockFact(table, concurrently ? LockFact.SHARE_UPDATE_EXCLUSIVE : LockFact.SHARE));
        } else if (sql.startsWith("DROP INDEX")) {
            String index = sql.nameAfter("INDEX");
            locks.add(new LockFact(index, concurrently ? LockFact.SHARE_UPDATE_EXCLUSIVE : LockFact.ACCESS_EXCLUSIVE));
        } else if ((sql.startsWith("DROP TABLE") || sql.startsWith("TRUNCATE")) && table != null) {
            locks.add(new LockFact(table, LockFact.ACCESS_EXCLUSIVE));
        } else if ((sql.startsWith("UPDATE") || sql.startsWith("DELETE")) && table != null) {
            locks.add(new LockFact(table, LockFact.ROW_EXCLUSIVE));
        } else if (sql.startsWith("VACUUM FULL") || sql.startsWith("CLUSTER")) {
            String name = sql.nameAt(sql.startsWith("CLUSTER") ? 1 : 2);
            locks.add(new LockFact(name, LockFact.ACCESS_EXCLUSIVE));
        } else if (sql.startsWith("REINDEX")) {
            String name = sql.nameAt(sql.indexOf(concurrently ? "CONCURRENTLY" : sql.tokens().get(1).text(), 1) + 1);
            locks.add(new LockFact(name, concurrently ? LockFact.SHARE_UPDATE_EXCLUSIVE : LockFact.ACCESS_EXCLUSIVE));
        }
        return locks.stream().filter(l -> l.relation() != null).distinct().toList();
    }

    private static List<LockFact> alterAction(String table, NormalizedSql a) {
        if (a.startsWith("VALIDATE CONSTRAINT") || a.has("SET STATISTICS")
                || (a.startsWith("DETACH PARTITION") && a.has("CONCURRENTLY")) || a.startsWith("ATTACH PARTITION")) {
            return List.of(new LockFact(table, LockFact.SHARE_UPDATE_EXCLUSIVE));
        }
        int references = a.indexOf("REFERENCES", 0);
        if (a.startsWith("ADD") && references >= 0 && a.addedColumn().isEmpty()) {
            return List.of(new LockFact(table, LockFact.SHARE_ROW_EXCLUSIVE),
                    new LockFact(a.nameAt(references + 1), LockFact.SHARE_ROW_EXCLUSIVE));
        }
        return List.of(new LockFact(table, LockFact.ACCESS_EXCLUSIVE));
    }
}
