package dev.manor.spring;

import dev.manor.Manor;

/**
 * How the start-up deploy runs. Declare a bean of this type to replace it, e.g. to only check
 * {@code manor.status()} and fail when migrations are pending, or to deploy with other options.
 */
@FunctionalInterface
public interface ManorMigrationStrategy {
    void migrate(Manor manor);
}
