package dev.manor.adopt;

/**
 * One versioned migration as the source tool knows it.
 *
 * @param sourceId   the tool's own id: Prisma's folder name, Flyway's version, Liquibase's author:id
 * @param name       the Manor name (lower snake case) derived from the tool's description
 * @param manorId    the 14-digit id it keeps when the tool's id is already one (Prisma), else null
 * @param upSql      the script to put in migration.sql
 * @param downSql    the undo script the tool had (Flyway U file, Liquibase rollback), or null
 * @param origin     where it came from, for messages (a file, or file and changeset)
 */
public record SourceMigration(String sourceId, String name, String manorId, String upSql, String downSql,
                              String origin) {
}
