package dev.manor.cli;

import dev.manor.Manor;
import dev.manor.config.Durations;
import dev.manor.config.ProjectConfig;
import dev.manor.config.ReplicaSettings;
import picocli.CommandLine.Option;

/** The replica settings of manor.toml, for one run (docs/replicas.md): deploy and rollback take them. */
final class ReplicaOptions {
    @Option(names = "--max-replica-lag", paramLabel = "<duration>", converter = OptionConverters.OrOff.class,
            description = "Pause backfill batches and no-transaction steps while a replica lags more than this,"
                    + " e.g. 500ms (default: max_replica_lag, else 1s; off measures and reports only).")
    String maxLag;

    @Option(names = "--replica-catchup-timeout", paramLabel = "<duration>", converter = OptionConverters.Positive.class,
            description = "Wait at most this long for the replicas to catch up, in a pause and at the end"
                    + " (default: replica_catchup_timeout, else 2min).")
    String catchupTimeout;

    /** The environment's settings with these flags over them; the builder unchanged when none is given. */
    Manor.Builder apply(Manor.Builder builder, ProjectConfig config) {
        if (maxLag == null && catchupTimeout == null) {
            return builder;
        }
        ReplicaSettings settings = config.replicaSettings();
        if (maxLag != null) {
            settings = settings.withMaxLag(Durations.parseOrOff(maxLag, "--max-replica-lag"));
        }
        if (catchupTimeout != null) {
            settings = settings.withCatchupTimeout(Durations.parse(catchupTimeout, "--replica-catchup-timeout"));
        }
        return builder.replicas(settings);
    }
}
