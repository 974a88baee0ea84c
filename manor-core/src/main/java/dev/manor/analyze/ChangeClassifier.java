package dev.manor.analyze;

import java.util.Set;

/** Puts a statement into the spec's classes (see the "Migration Types" section of the strategy). */
public final class ChangeClassifier {
    private static final Set<String> NO_STRUCTURE = Set.of("SET", "RESET", "COMMENT", "SELECT", "BEGIN", "COMMIT",
            "START", "ROLLBACK", "END", "SAVEPOINT", "RELEASE", "ANALYZE", "VACUUM", "SHOW", "DO", "LOCK",
            "REINDEX", "CLUSTER", "NOTIFY", "REFRESH", "EXPLAIN", "CHECKPOINT", "DISCARD");

    private ChangeClassifier() {
    }

    public static ChangeClass classify(NormalizedSql sql) {
        if (sql.isEmpty()) {
            return ChangeClass.NONE;
        }
        String first = sql.tokens().get(0).text();
        if (NO_STRUCTURE.contains(first)) {
            return ChangeClass.NONE;
        }
        if (sql.startsWith("ALTER TABLE")) {
            return sql.alterTable()
                    .map(at -> at.actions().stream().map(ChangeClassifier::alterAction).reduce(ChangeClass.NONE, ChangeClass::max))
                    .orElse(ChangeClass.TRANSFORMATIVE);
        }
        return switch (first) {
            case "CREATE" -> sql.startsWith("CREATE OR REPLACE") ? ChangeClass.TRANSFORMATIVE : ChangeClass.ADDITIVE;
            case "INSERT", "GRANT" -> ChangeClass.ADDITIVE;
            case "DROP", "TRUNCATE", "DELETE", "REVOKE" -> ChangeClass.BREAKING;
            default -> ChangeClass.TRANSFORMATIVE; // UPDATE, ALTER (other objects), unknown: needs care
        };
    }

    private static ChangeClass alterAction(NormalizedSql a) {
        if (a.startsWith("ADD")) {
            return a.addedColumn()
                    .map(c -> c.constraints().has("NOT NULL") && !c.constraints().has("DEFAULT") ? ChangeClass.TRANSFORMATIVE : ChangeClass.ADDITIVE)
                    .orElse(ChangeClass.TRANSFORMATIVE); // constraints restrict what the old app may write
        }
        if (a.startsWith("DROP") || a.has("DROP NOT NULL") || a.has("DETACH PARTITION")) {
            return ChangeClass.BREAKING;
        }
        if (a.startsWith("ALTER") && (a.has("SET DEFAULT") || a.has("SET STATISTICS"))) {
            return ChangeClass.ADDITIVE;
        }
        if (a.startsWith("ATTACH PARTITION") || a.startsWith("ENABLE") || a.startsWith("OWNER")) {
            return ChangeClass.ADDITIVE;
        }
        return ChangeClass.TRANSFORMATIVE; // TYPE, SET NOT NULL, RENAME, VALIDATE, ...
    }
}
