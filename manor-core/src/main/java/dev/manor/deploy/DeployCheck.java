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
}
