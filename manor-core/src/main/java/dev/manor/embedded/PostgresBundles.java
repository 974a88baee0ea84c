package dev.manor.embedded;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PostgreSQL server bundles packed into Manor's jar, one per major version, under
 * {@code manor-pg/<major>/}. zonky's own binary artifacts all use one resource name, so two majors
 * cannot share a classpath; this resolver lets one build start any of them.
 */
public final class PostgresBundles {
    /** The major the embedded project database uses unless configured otherwise. */
    public static final int DEFAULT_MAJOR = 17;
    private static final List<Integer> KNOWN = List.of(15, 17);

    private PostgresBundles() {
    }

    /** Majors whose bundle is on the classpath. */
    public static List<Integer> available() {
        return KNOWN.stream().filter(PostgresBundles::isAvailable).toList();
    }

    public static boolean isAvailable(int major) {
        return PostgresBundles.class.getResource(resourceName(major)) != null;
    }

    public static PgBinaryResolver resolver(int major) {
        if (!isAvailable(major)) {
            throw new IllegalArgumentException("no embedded PostgreSQL " + major + " in this build; available: "
                    + available());
        }
        return (system, machine) -> {
            InputStream in = PostgresBundles.class.getResourceAsStream(resourceName(major));
            if (in == null) {
                throw new FileNotFoundException(resourceName(major));
            }
            return in;
        };
    }

    private static String resourceName(int major) {
        return "/manor-pg/" + major + "/postgres-linux-x86_64.txz";
    }

    static Stream<Integer> known() {
        return KNOWN.stream();
    }
}
