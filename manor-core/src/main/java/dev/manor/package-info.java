/**
 * Manor's public API: {@link dev.manor.Manor} and its builder, the options and results of its commands
 * ({@link dev.manor.DeployOptions}, {@link dev.manor.RollbackTarget}, {@link dev.manor.RollbackResult},
 * {@link dev.manor.DryRun}) and the exceptions a caller can catch, all subtypes of {@link dev.manor.ManorException}.
 * <p>
 * Every other package of manor-core is internal and may change without notice (see each package's description).
 */
package dev.manor;
