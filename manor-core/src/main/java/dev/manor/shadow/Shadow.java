package dev.manor.shadow;

import dev.manor.Manor;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.ManorConfig;
import dev.manor.config.RetryPolicy;
import dev.manor.deploy.DeployListener;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * A throwaway database (or, without CREATE DATABASE rights, a throwaway schema) that Manor builds
 * migrations into to observe, prove or compare them. Closing it drops it.
 */
public final class Shadow implements AutoCloseable {
    private final ConnectionSettings settings;
    private final List<String> schemas;
    private final String historySchema;
    private final String note;
    private final Runnable drop;

    Shadow(ConnectionSettings settings, List<String> schemas, String historySchema, String note, Runnable drop) {
        this.settings = settings;
        this.schemas = List.copyOf(schemas);
        this.historySchema = historySchema;
        this.note = note;
        this.drop = drop;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** The schemas the project's migrations land in, here. */
    public List<String> schemas() {
        return schemas;
    }

    /** A remark for the user (e.g. that Manor fell back to a schema per run), or null. */
    public String note() {
        return note;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.driverProperties());
    }

    /** A Manor that deploys the given migrations into this shadow, quietly and without waiting on locks. */
    public Manor manor(Path migrations, Path seed, DeployListener listener) {
        return Manor.configure()
                .connection(settings)
                .migrations(migrations)
                .seed(seed)
                .environment("shadow")
                // A throwaway copy: the gates guard real environments, and analysis is what runs this.
                .skipSafetyChecks("shadow database")
                .runCallbacks(false)
                .schemas(schemas)
                .historySchema(historySchema)
                .lockTimeout(ManorConfig.DEFAULT_LOCK_TIMEOUT)
                .retry(RetryPolicy.NONE)
                .listener(listener)
                .load();
    }

    @Override
    public void close() {
        drop.run();
    }
}
