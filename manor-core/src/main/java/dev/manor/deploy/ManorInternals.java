package dev.manor.deploy;

import dev.manor.Manor;

import java.util.Objects;
import java.util.function.Function;

/**
 * Internal: the {@link DeployContext} behind a {@link Manor}, for Manor's own command line, proofs and tests.
 * Applications have no use for it; it may change without notice.
 */
public final class ManorInternals {
    private static volatile Function<Manor, DeployContext> access;

    private ManorInternals() {
    }

    /** Called once by {@link Manor}'s class initializer. */
    public static synchronized void register(Function<Manor, DeployContext> accessor) {
        if (access != null) {
            throw new IllegalStateException("already registered");
        }
        access = Objects.requireNonNull(accessor);
    }

    public static DeployContext context(Manor manor) {
        Objects.requireNonNull(manor, "manor"); // an instance means Manor's initializer has run
        return access.apply(manor);
    }
}
