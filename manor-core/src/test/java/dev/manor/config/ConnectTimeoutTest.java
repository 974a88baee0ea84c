package dev.manor.config;

import dev.manor.ManorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ConnectTimeoutTest {
    @TempDir
    Path project;

    /** Accepts every TCP connection and never says a word, like a wrong port behind a proxy. */
    static final class SilentServer implements AutoCloseable {
        final ServerSocket socket;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(socket.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/app";
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aPortThatAcceptsButNeverAnswersFailsWithinTheTimeoutInOneLine() throws IOException {
        try (SilentServer silent = new SilentServer()) {
            Database db = Database.of(new ConnectionSettings(silent.url(), "manor", "hunter2", Duration.ofSeconds(2)));
            long started = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(db::connect)
                    .isInstanceOf(ManorException.class)
                    .hasMessageStartingWith("cannot reach the database at 127.0.0.1:" + silent.socket.getLocalPort()
                            + " within 2s"));
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertThat(ms).isBetween(1_500L, 6_000L);
            assertThat(silent.accepted).isNotEmpty();
        }
    }

    @Test
    void theDefaultIsTenSecondsAndManorTomlOrAFlagSetsIt() throws IOException {
        assertThat(new ConnectionSettings("jdbc:postgresql://db/app", null, null).connectTimeout())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(new ConnectionSettings("jdbc:postgresql://db/app", null, null).driverProperties())
                .containsEntry("connectTimeout", "10").containsEntry("loginTimeout", "10")
                .containsEntry("tcpKeepAlive", "true");
        // The URL's own parameter wins over the setting (pgjdbc reads properties as defaults).
        assertThat(new ConnectionSettings("jdbc:postgresql://db/app?loginTimeout=3", null, null)
                .effectiveConnectTimeout()).isEqualTo(Duration.ofSeconds(3));

        Files.writeString(project.resolve("manor.toml"), """
                [env.prod]
                url = "jdbc:postgresql://db/app"
                connect_timeout = "3s"
                """);
        ProjectConfig fromFile = ProjectConfig.resolve(project, new Overrides("prod", null, null, null, null, null,
                null, null, null, null, null), Map.of());
        assertThat(fromFile.connection().orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        ProjectConfig fromFlag = ProjectConfig.resolve(project, new Overrides("prod", null, null, null, null, null,
                null, null, null, null, "1500ms"), Map.of());
        assertThat(fromFlag.connection().orElseThrow().driverProperties()).containsEntry("loginTimeout", "2");
        assertThatThrownBy(() -> new ConnectionSettings("jdbc:postgresql://db/app", null, null, Duration.ZERO))
                .hasMessageContaining("connect_timeout must be positive");
    }
}
