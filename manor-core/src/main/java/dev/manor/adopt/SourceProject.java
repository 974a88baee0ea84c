package dev.manor.adopt;

import java.util.List;
import java.util.Map;

/**
 * What an importer read from the tool's folder.
 *
 * @param migrations  versioned migrations, in the order the tool applies them
 * @param repeatables repeatable scripts by Manor file name (Flyway R__ files)
 * @param callbacks   callback scripts by Manor file name (before-deploy.sql, after-migration.sql, after-deploy.sql)
 * @param warnings    what was not carried over, one line each
 */
public record SourceProject(List<SourceMigration> migrations, Map<String, String> repeatables,
                            Map<String, String> callbacks, List<String> warnings) {
}
