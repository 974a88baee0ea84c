package dev.manor.gate;

import dev.manor.deploy.PlannedMigration;
import dev.manor.migration.Migration;

import java.nio.file.Path;
import java.util.List;

/** A one-migration deploy plan from SQL text, as the Deployer would plan it. */
final class Plans {
    private Plans() {
    }

    static List<PlannedMigration> up(String id, String sql) {
        Migration m = new Migration(id, "change", Path.of("migrations", id + "_change"), sql, "SELECT 1;", null, null);
        return List.of(new PlannedMigration(m, PlannedMigration.UP, m.displayPath(Migration.UP_FILE), m.upStatements(),
                true, 0));
    }
}
