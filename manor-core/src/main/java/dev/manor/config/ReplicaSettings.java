package dev.manor.config;

import java.time.Duration;
import java.util.List;

/**
 * How a deploy treats the primary's streaming replicas (see docs/replicas.md).
 *
 * @param watch          read {@code pg_stat_replication} (and the listed replicas) at all; on by default
 * @param maxLag         backfill batches and no-transaction statements wait while a replica's replay lag exceeds this;
 *                       zero: measure and report only ({@code max_replica_lag = "off"})
 * @param catchupTimeout how long a deploy waits at its end for the replicas to replay its last change
 * @param replicas       standbys Manor connects to itself ({@code replicas = [...]}); each one expected to stream
 */
public record ReplicaSettings(boolean watch, Duration maxLag, Duration catchupTimeout,
                              List<ConnectionSettings> replicas) {
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CATCHUP_TIMEOUT = Duration.ofMinutes(2);
    public static final ReplicaSettings DEFAULT = new ReplicaSettings(true, null, null, List.of());
    public static final ReplicaSettings OFF = new ReplicaSettings(false, null, null, List.of());

    public ReplicaSettings {
        maxLag = maxLag == null ? DEFAULT_MAX_LAG : maxLag;
        catchupTimeout = catchupTimeout == null ? DEFAULT_CATCHUP_TIMEOUT : catchupTimeout;
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** Whether lag pauses the work (not only measured). */
    public boolean throttles() {
        return !maxLag.isZero();
    }

    public ReplicaSettings withMaxLag(Duration lag) {
        return new ReplicaSettings(watch, lag, catchupTimeout, replicas);
    }

    public ReplicaSettings withCatchupTimeout(Duration timeout) {
        return new ReplicaSettings(watch, maxLag, timeout, replicas);
    }

    public ReplicaSettings withReplicas(List<ConnectionSettings> list) {
        return new ReplicaSettings(watch, maxLag, catchupTimeout, list);
    }
}
