package dev.manor.config;

import dev.manor.ManorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** replicas, max_replica_lag, replica_catchup_timeout and direct_url in manor.toml: read, defaulted, validated. */
class ReplicaAndPoolerSettingsTest {
    @TempDir
    Path dir;

    private ProjectConfig resolve(String toml, Map<String, String> env) throws IOException {
        Files.writeString(dir.resolve("manor.toml"), toml);
        return ProjectConfig.resolve(dir, Overrides.none(), env);
    }

    private void assertRefused(String toml, String... fragments) {
        var thrown = assertThatThrownBy(() -> resolve(toml, Map.of())).isInstanceOf(ManorException.class);
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
    }

    @Test
    void theSettingsAreReadAndTheReplicasLogInLikeUrl() throws IOException {
        ProjectConfig p = resolve("""
                default_env = "prod"
                [env.prod]
                url = "jdbc:postgresql://pgbouncer:6432/app"
                user = "deploy"
                password_env = "PW"
                max_replica_lag = "250ms"
                replica_catchup_timeout = "30s"
                replicas = ["jdbc:postgresql://replica1:5432/app", "jdbc:postgresql://replica2:5432/app"]
                direct_url = "jdbc:postgresql://primary:5432/app"
                """, Map.of("PW", "secret"));
        ReplicaSettings r = p.replicaSettings();
        assertThat(r.maxLag()).isEqualTo(Duration.ofMillis(250));
        assertThat(r.catchupTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.replicas()).extracting(ConnectionSettings::host).containsExactly("replica1", "replica2");
        assertThat(r.replicas()).allMatch(c -> "deploy".equals(c.user()) && "secret".equals(c.password()));
        ConnectionSettings direct = p.directConnection(Map.of()).orElseThrow();
        assertThat(direct.host() + ":" + direct.port() + " " + direct.user()).isEqualTo("primary:5432 deploy");
        assertThat(p.directConnection(Map.of("MANOR_DIRECT_URL", "jdbc:postgresql://other:5433/app")).orElseThrow()
                .host()).isEqualTo("other");
    }

    @Test
    void withoutThemTheDefaultsApply() throws IOException {
        ProjectConfig p = resolve("[env.dev]\n", Map.of());
        assertThat(p.replicaSettings()).isEqualTo(ReplicaSettings.DEFAULT);
        assertThat(p.replicaSettings().maxLag()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.directConnection(Map.of())).isEmpty();
        assertThat(resolve("[env.dev]\nmax_replica_lag = \"off\"\n", Map.of()).replicaSettings().throttles()).isFalse();
    }

    @Test
    void badValuesAreRefusedWithTheKeyAndWhatToWrite() {
        assertRefused("[env.prod]\nmax_replica_lag = 1\n", "[env.prod]", "max_replica_lag = 1 has no unit");
        assertRefused("[env.prod]\nmax_replica_lag = \"soon\"\n", "max_replica_lag", "is not a duration");
        assertRefused("[env.prod]\nreplica_catchup_timeout = \"0\"\n", "replica_catchup_timeout must be positive");
        assertRefused("[env.prod]\nreplicas = \"jdbc:postgresql://r:5432/app\"\n",
                "replicas must be an array of JDBC URLs");
        assertRefused("[env.prod]\nreplicas = [\"replica1:5432\"]\n", "replicas must list JDBC URLs starting with"
                + " jdbc:postgresql:, not replica1:5432");
        assertRefused("[env.prod]\ndirect_url = \"postgres://u:hunter2@db/app\"\n",
                "direct_url must be a JDBC URL starting with jdbc:postgresql:");
        assertThatThrownBy(() -> resolve("[env.prod]\ndirect_url = \"postgres://u:hunter2@db/app\"\n", Map.of()))
                .message().doesNotContain("hunter2");
        assertRefused("[env.prod]\nreplica_lag = \"1s\"\n", "unknown setting 'replica_lag'");
    }
}
