/**
 * Internal: The deploy engine: planning, executing, locking, rolling back. {@link dev.manor.deploy.DeployListener}, {@link dev.manor.deploy.DeployResult}, {@link dev.manor.deploy.DeployCheck}, {@link dev.manor.deploy.PlannedMigration} and {@link dev.manor.deploy.ExecutionReport} appear in {@link dev.manor.Manor}'s API.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.deploy;
