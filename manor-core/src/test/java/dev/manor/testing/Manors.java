package dev.manor.testing;

import dev.manor.Manor;
import dev.manor.config.RetryPolicy;
import dev.manor.deploy.DeployListener;

import java.nio.file.Path;
import java.time.Duration;

/** A Manor on a test database. */
public final class Manors {
    private Manors() {
    }

    public static Manor.Builder on(TestDb db, Path migrations) {
        return Manor.configure().connection(db.url(), null, null).migrations(migrations)
                .retry(new RetryPolicy(5, Duration.ofMillis(50), Duration.ofMillis(400)))
                .listener(DeployListener.SILENT);
    }

    public static Manor load(TestDb db, Path migrations) {
        return on(db, migrations).load();
    }
}
