package dev.manor.deploy.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manor.deploy.replica.ReplicaWatch.Replica;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which replica a pause waits for, and names. */
class ReplicaWatchWorstTest {

    @Test
    void amongReplicasOfUnknownRateTheFurthestBehindIsWaitedFor() {
        Replica slow = new Replica("slow@a", true, 700, 1_000, -1);
        Replica stuck = new Replica("stuck@a", true, 62_000, 50_000, -1);
        assertThat(ReplicaWatch.worst(List.of(slow, stuck)).name()).isEqualTo("stuck@a");
        assertThat(ReplicaWatch.worst(List.of(stuck, slow)).name()).isEqualTo("stuck@a");
    }

    @Test
    void aReplicaOfUnknownRateComesBeforeAHigherKnownPressure() {
        Replica known = new Replica("known@a", true, 5_000, 1_000, 9_000);
        Replica unknown = new Replica("new@a", true, 100, 10, -1);
        assertThat(ReplicaWatch.worst(List.of(known, unknown)).name()).isEqualTo("new@a");
    }

    @Test
    void notStreamingOrBlindReplicasAreNotWaitedFor() {
        Replica gone = new Replica("gone@a", false, 90_000, 1_000, -1);
        Replica blind = new Replica("blind@a", true, -1, -1, -1);
        Replica fine = new Replica("fine@a", true, 0, 0, 0);
        assertThat(ReplicaWatch.worst(List.of(gone, blind, fine)).name()).isEqualTo("fine@a");
        assertThat(ReplicaWatch.worst(List.of(gone, blind))).isNull();
    }
}
