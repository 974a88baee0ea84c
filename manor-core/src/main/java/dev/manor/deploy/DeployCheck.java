package dev.manor.deploy;

import java.sql.Connection;
import java.util.List;

/**
 * A check that runs after planning and before the first statement: analysis, backup and staging
 * gates, deploy windows. It throws {@link dev.manor.ManorException} to refuse the deploy.
 */
@FunctionalInterface
public interface DeployCheck {
    void check(List<PlannedMigration> plan, Connection connection) throws java.sql.SQLException;

    /**
     * The same decision for a dry run, which must change nothing: record nothing, take no backup. Throws
     * {@link dev.manor.GateRefusedException} when the real deploy would be refused. The default runs {@link #check}.
     */
    default void preview(List<PlannedMigration> plan, Connection connection) throws java.sql.SQLException {
        check(plan, connection);
    }

    /**
     * {@link #check} given also the migrations on disk that the plan was made from (all of them, in id order), for
     * a check that needs them: the analysis gate judges each planned migration after the ones before it, and reading
     * the folder again cost a 1,000-migration deploy about 0.1 s. The default ignores them.
     */
    default void check(List<PlannedMigration> plan, List<dev.manor.migration.Migration> onDisk, Connection connection)
            throws java.sql.SQLException {
        check(plan, connection);
    }

    /** {@link #preview} given also the migrations on disk, as {@link #check(List, List, Connection)}. */
    default void preview(List<PlannedMigration> plan, List<dev.manor.migration.Migration> onDisk, Connection connection)
            throws java.sql.SQLException {
        preview(plan, connection);
    }

    /**
     * The scripts beside the migrations that this deploy runs too (changed repeatables, then the callbacks), after
     * {@link #check} or {@link #preview}; a dry run records nothing. The default checks nothing: the analysis gate
     * judges them, the production gates are about the migrations.
     */
    default void checkScripts(List<dev.manor.repeatable.SqlScript> scripts, Connection connection, boolean dryRun)
            throws java.sql.SQLException {
    }
}
