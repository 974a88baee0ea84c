package dev.manor.config;

import dev.manor.ManorException;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgreSQL takes lock_timeout and statement_timeout in int milliseconds: refuse more up front, not mid-deploy. */
class TimeoutLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void timeoutBeyondWhatPostgresAcceptsIsRefusedWhenConfigured() {
        assertThatThrownBy(() -> config(Duration.ofDays(30), null)).isInstanceOf(ManorException.class)
                .hasMessageContaining("lock_timeout").hasMessageContaining("24 days");
        assertThatThrownBy(() -> config(null, Duration.ofDays(9999))).isInstanceOf(ManorException.class)
                .hasMessageContaining("statement_timeout");
    }

    @Test
    void theLargestAcceptedTimeoutIsOneThatPostgresTakes() throws Exception {
        ManorConfig config = config(Duration.ofDays(24), Duration.ofDays(24));
        try (TestDb db = PgServers.freshDb(); Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThatCode(() -> s.execute("SET lock_timeout = " + config.lockTimeout().toMillis())).doesNotThrowAnyException();
        }
    }

    @Test
    void anAbsurdNumberIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999999d", "lock_timeout"))
                .isInstanceOf(ManorException.class).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse("9999999999999999d", "lock_timeout"))
                .isInstanceOf(ManorException.class).hasMessageContaining("is not a duration");
    }

    private ManorConfig config(Duration lockTimeout, Duration statementTimeout) {
        return new ManorConfig(tmp, tmp.resolve("migrations"), null, "dev", false, null, null,
                lockTimeout, statementTimeout, null, null);
    }
}
