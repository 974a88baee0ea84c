package dev.manor.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The initdb'd template in the user's cache: made once even by two at a time, and copies of it start. */
class DataDirTemplatesTest {
    @TempDir
    Path tmp;

    @Test
    void theCacheFolderIsConfigurableAndCanBeTurnedOff() {
        assertThat(DataDirTemplates.cacheDir(Map.of(), null, "/home/ann")).contains(Path.of("/home/ann/.cache/manor"));
        assertThat(DataDirTemplates.cacheDir(Map.of("XDG_CACHE_HOME", "/xdg"), null, "/home/ann"))
                .contains(Path.of("/xdg/manor"));
        assertThat(DataDirTemplates.cacheDir(Map.of("XDG_CACHE_HOME", "/xdg", "MANOR_CACHE_DIR", "/c"), null, "/home/ann"))
                .contains(Path.of("/c"));
        assertThat(DataDirTemplates.cacheDir(Map.of("MANOR_CACHE_DIR", "/c"), "/p", "/home/ann")).contains(Path.of("/p"));
        assertThat(DataDirTemplates.cacheDir(Map.of("MANOR_CACHE_DIR", "off"), null, "/home/ann")).isEmpty();
    }

    @Test
    void twoProcessesMakingTheTemplateAtOnceGetOneAndCopiesOfItStart() throws Exception {
        Path cache = tmp.resolve("cache");
        String before = System.getProperty(DataDirTemplates.PROPERTY);
        System.setProperty(DataDirTemplates.PROPERTY, cache.toString());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Optional<Path>> make = () -> DataDirTemplates.template(15);
            List<Future<Optional<Path>>> made = pool.invokeAll(List.of(make, make));
            Path template = made.get(0).get().orElseThrow();
            assertThat(made.get(1).get()).contains(template);
            assertThat(template.resolve("PG_VERSION")).hasContent("15");
            try (var dirs = Files.list(template.getParent())) {
                assertThat(dirs).containsExactly(template); // the loser's staging folder is gone
            }
            assertThat(template.resolve("postmaster.pid")).doesNotExist();

            // A project's first start copies it (no initdb): its data is the template's plus what the server wrote.
            ProjectServer project = new ProjectServer(tmp.resolve("project"), 15);
            try (ProjectServer.Lease lease = project.lease()) {
                assertThat(selectOne(lease.started().server().jdbcUrl())).isEqualTo(1);
            } finally {
                project.stop();
            }
            assertThat(project.dataDir().resolve("PG_VERSION")).hasContent("15");
            assertThat(Files.getPosixFilePermissions(project.dataDir())).hasSize(3); // owner only, as PostgreSQL demands

            ThrowawayServer throwaway = ThrowawayServer.start(15);
            Path copy;
            try {
                assertThat(selectOne(throwaway.jdbcUrl("postgres"))).isEqualTo(1);
                copy = Files.list(Path.of(System.getProperty("java.io.tmpdir")))
                        .filter(p -> p.getFileName().toString().startsWith("manor-pg-")
                                && Files.isRegularFile(p.resolve("postmaster.pid")))
                        .filter(p -> readPort(p) == throwaway.port()).findFirst().orElseThrow();
            } finally {
                throwaway.close();
            }
            assertThat(copy).as("a throwaway copy is deleted on close").doesNotExist();
        } finally {
            pool.shutdownNow();
            if (before == null) {
                System.clearProperty(DataDirTemplates.PROPERTY);
            } else {
                System.setProperty(DataDirTemplates.PROPERTY, before);
            }
        }
    }

    private static int readPort(Path dataDir) {
        try {
            return Integer.parseInt(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(3).trim());
        } catch (Exception e) {
            return -1;
        }
    }

    private static int selectOne(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
