package dev.manor.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Two commands on one project at once (a status while a deploy runs) share the embedded server. */
class ProjectServerSharingTest {
    @TempDir
    Path project;

    @Test
    void concurrentCommandsShareOneServerAndTheStarterLeavesItToTheOneStillUsingIt() throws Exception {
        ProjectServer server = new ProjectServer(project, 15);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<ProjectServer.Lease> lease = () -> new ProjectServer(project, 15).lease();
            List<Future<ProjectServer.Lease>> leases = pool.invokeAll(List.of(lease, lease));
            ProjectServer.Lease a = leases.get(0).get();
            ProjectServer.Lease b = leases.get(1).get();
            assertThat(a.started().server()).isEqualTo(b.started().server());
            assertThat(a.started().startedNow() ^ b.started().startedNow()).isTrue();
            ProjectServer.Lease starter = a.started().startedNow() ? a : b;
            ProjectServer.Lease joiner = starter == a ? b : a;

            starter.close();
            assertThat(server.running()).isPresent(); // the joiner is still at work
            joiner.close();

            try (ProjectServer.Lease alone = server.lease()) {
                assertThat(alone.started().startedNow()).isFalse(); // left running: only its starter stops it
            }
            assertThat(server.stopIfUnused()).isTrue();
            assertThat(server.running()).isEmpty();
        } finally {
            pool.shutdownNow();
            server.stop();
        }
    }

    @Test
    void theStarterStopsItEvenWhenAnotherClientIsStillConnected() throws Exception {
        ProjectServer server = new ProjectServer(project, 15);
        try {
            ProjectServer.Lease lease = server.lease();
            assertThat(lease.started().startedNow()).isTrue();
            // A connection the command left open, or a pg_restore backend still exiting: not a command at work.
            try (java.sql.Connection other = java.sql.DriverManager.getConnection(lease.started().server().jdbcUrl())) {
                lease.close();
                assertThat(server.running()).as("left running for a client that is not a command").isEmpty();
            } catch (java.sql.SQLException ignored) {
                // the fast shutdown ends the other client's session: closing it may fail
            }
        } finally {
            server.stop();
        }
    }
}
