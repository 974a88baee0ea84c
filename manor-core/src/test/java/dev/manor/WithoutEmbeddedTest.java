package dev.manor;

import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without the optional manor-embedded module: Manor loads, deploys to its database, and asks for
 * the module in one line only where it would need a private server.
 */
class WithoutEmbeddedTest {
    @TempDir
    Path tmp;

    @Test
    void coreRunsWithoutTheEmbeddedModuleAndNamesItWhenNeeded() throws Exception {
        List<URL> urls = new ArrayList<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.contains("manor-embedded") && !entry.contains("zonky")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (TestDb db = PgServers.freshDb();
             URLClassLoader app = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThat(app.getResource("dev/manor/embedded/ThrowawayServer.class")).isNull();
            new MigrationsDir(tmp).add("20240101000000_init", "CREATE TABLE t (id int);", "DROP TABLE t;");

            Class.forName("org.postgresql.Driver", true, app); // registers this loader's driver with DriverManager
            Class<?> manor = app.loadClass("dev.manor.Manor");
            Object builder = manor.getMethod("configure").invoke(null);
            builder.getClass().getMethod("connection", String.class, String.class, String.class)
                    .invoke(builder, db.url(), null, null);
            builder.getClass().getMethod("migrations", Path.class).invoke(builder, tmp);
            Object loaded = builder.getClass().getMethod("load").invoke(builder);
            manor.getMethod("deploy").invoke(loaded);
            assertThat(db.queryOne("SELECT to_regclass('public.t')")).isNotNull();

            Method embedded = app.loadClass("dev.manor.shadow.ShadowProvider").getMethod("embedded", int.class);
            Throwable failure = null;
            try {
                embedded.invoke(null, 17);
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            }
            assertThat(failure).isNotNull();
            assertThat(failure.getClass().getName()).isEqualTo("dev.manor.ManorException");
            assertThat(failure.getMessage()).isEqualTo("no embedded PostgreSQL on the classpath: add"
                    + " dev.manor:manor-embedded or configure a url");
        }
    }
}
