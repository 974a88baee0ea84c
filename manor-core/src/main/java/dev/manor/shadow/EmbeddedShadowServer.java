package dev.manor.shadow;

import dev.manor.ManorException;
import dev.manor.embedded.EmbeddedPostgresException;
import dev.manor.embedded.PostgresBundles;
import dev.manor.embedded.ThrowawayServer;

import java.util.List;

/**
 * The only class of core that touches the optional manor-embedded module; loaded only after
 * {@link ShadowProvider#requireEmbedded()} found it on the classpath.
 */
final class EmbeddedShadowServer implements AutoCloseable {
    private final ThrowawayServer server;

    private EmbeddedShadowServer(ThrowawayServer server) {
        this.server = server;
    }

    /** A private server of {@code major}, or the nearest bundled one. */
    static EmbeddedShadowServer start(int major) {
        try {
            return new EmbeddedShadowServer(ThrowawayServer.start(nearestBundled(major)));
        } catch (EmbeddedPostgresException e) {
            throw new ManorException(e.getMessage(), e);
        }
    }

    static int nearestBundled(int major) {
        List<Integer> bundled = PostgresBundles.available();
        if (bundled.isEmpty()) {
            return major; // zonky's own binaries artifact, or PostgresBundles says which one to add
        }
        return bundled.stream().filter(m -> m >= major).findFirst().orElse(bundled.get(bundled.size() - 1));
    }

    int major() {
        return server.major();
    }

    String jdbcUrl() {
        return server.jdbcUrl("postgres");
    }

    @Override
    public void close() {
        server.close();
    }
}
