package dev.manor.gate;

import dev.manor.ManorException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeployWindowTest {
    @Test
    void aWindowAcrossMidnightContainsLateEveningAndEarlyMorningInUtcByDefault() {
        DeployWindow w = DeployWindow.parse("22:00-06:00");
        assertThat(w.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(w.contains(Instant.parse("2026-11-24T22:00:00Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-11-24T03:15:00Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-11-24T06:00:00Z"))).as("end is exclusive").isFalse();
        assertThat(w.contains(Instant.parse("2026-11-24T12:00:00Z"))).isFalse();
        assertThat(w.contains(Instant.parse("2026-11-24T21:59:59Z"))).isFalse();
    }

    @Test
    void aZoneMovesTheWindow() {
        DeployWindow berlin = DeployWindow.parse("22:00-06:00 Europe/Berlin");
        // 21:30 UTC in November is 22:30 in Berlin (CET, UTC+1).
        assertThat(berlin.contains(Instant.parse("2026-11-24T21:30:00Z"))).isTrue();
        assertThat(berlin.contains(Instant.parse("2026-11-24T05:30:00Z"))).isFalse();
        assertThat(berlin.describe()).isEqualTo("22:00-06:00 Europe/Berlin");
        assertThat(DeployWindow.parse("9:00-17:00").contains(Instant.parse("2026-11-24T10:00:00Z"))).isTrue();
    }

    @Test
    void badWindowsAreOneLineErrors() {
        assertThatThrownBy(() -> DeployWindow.parse("10pm-6am")).isInstanceOf(ManorException.class)
                .hasMessage("deploy_window: '10pm-6am' is not a window (write e.g. \"22:00-06:00\" or \"22:00-06:00 Europe/Berlin\")");
        assertThatThrownBy(() -> DeployWindow.parse("22:00-06:00 Mars/Olympus")).isInstanceOf(ManorException.class)
                .hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> DeployWindow.parse("25:00-06:00")).isInstanceOf(ManorException.class);
    }

    @Test
    void theGateUsesItsClock() {
        DeployWindow w = DeployWindow.parse("22:00-06:00");
        Verdict night = new DeployWindowGate(w, Clock.fixed(Instant.parse("2026-11-24T23:10:00Z"), ZoneId.of("UTC")))
                .evaluate(List.of(), null);
        assertThat(night).isEqualTo(Verdict.pass("inside the deploy window 22:00-06:00 UTC (now 23:10 UTC)"));
        Verdict noon = new DeployWindowGate(w, Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneId.of("UTC")))
                .evaluate(List.of(), null);
        assertThat(noon.passed()).isFalse();
        assertThat(noon.message()).isEqualTo("it is 12:00 UTC, outside the deploy window 22:00-06:00 UTC; deploy inside "
                + "the window (or pass --outside-window with --reason)");
    }
}
