package dev.manor.cli;

import dev.manor.Manor;
import dev.manor.deploy.DeployLock;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A deployer process killed with SIGKILL mid-migration leaves no deploy lock behind. */
class KilledDeployerTest {
    @TempDir
    Path tmp;

    @Test
    void killedDeployerLeavesNoLock() throws Exception {
        try (TestDb db = PgServers.freshDb()) {
            Path m = tmp.resolve("migrations/20240101000000_slow");
            Files.createDirectories(m);
            Files.writeString(m.resolve("migration.sql"), "CREATE TABLE slow (id int);\nSELECT pg_sleep(20);\n");
            Files.writeString(m.resolve("down.sql"), "DROP TABLE slow;");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process deployer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "-C", tmp.toString(), "deploy", "--url", db.url())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("deployer.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Long.valueOf(1).equals(db.queryOne(
                        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(20)%' AND state = 'active'"))) {
                    assertThat(System.nanoTime()).as("deployer reached its slow statement").isLessThan(deadline);
                    Thread.sleep(100);
                }
                assertThat(db.queryOne("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isEqualTo(1L);

                deployer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

                Manor manor = Manor.configure().connection(db.url(), null, null).migrations(tmp.resolve("migrations"))
                        .lockWait(Duration.ofSeconds(3)).load();
                long start = System.nanoTime();
                try (DeployLock lock = dev.manor.deploy.ManorInternals.context(manor).lock("deploy")) {
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                }
                assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE status = 'applied'")).isEqualTo(0L);
            } finally {
                deployer.destroyForcibly();
                db.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(20)%'");
            }
        }
    }
}
