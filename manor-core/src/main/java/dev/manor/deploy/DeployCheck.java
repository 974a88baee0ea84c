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
     * The scripts beside the migrations that this deploy runs too (changed repeatables, then the callbacks), after
     * {@link #check} or {@link #preview}; a dry run records nothing. The default checks nothing: the analysis gate
     * judges them, the production gates are about the migrations.
     */
    default void checkScripts(List<dev.manor.repeatable.SqlScript> scripts, Connection connection, boolean dryRun)
            throws java.sql.SQLException {
    }
}
