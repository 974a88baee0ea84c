package dev.manor.testing;

import dev.manor.embedded.PostgresBundles;
import dev.manor.embedded.ThrowawayServer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One throwaway server per PostgreSQL major for the whole test JVM; each test takes a fresh database
 * on it ({@link TestDb}). Tests that behave differently across majors take {@link #majors()} as a
 * parameter source, so adding a major to the matrix is one line in {@link PostgresBundles}.
 */
public final class PgServers {
    private static final Map<Integer, ThrowawayServer> SERVERS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SERVERS.values().forEach(ThrowawayServer::close)));
    }

    private PgServers() {
    }

    /** The majors under test: every bundled one, or those listed in -Dmanor.test.majors=15,17. */
    public static List<Integer> majors() {
        String chosen = System.getProperty("manor.test.majors");
        if (chosen == null || chosen.isBlank()) {
            return PostgresBundles.available();
        }
        return java.util.Arrays.stream(chosen.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    /**
     * For the slowest end-to-end tests (minutes per major): the newest major only, unless
     * -Dmanor.test.all-majors=true or -Dmanor.test.majors=... asks for more. The default suite stays inside CI's
     * budget; `mvn verify -Dmanor.test.all-majors=true` runs them on every major.
     */
    public static List<Integer> costlyMajors() {
        List<Integer> all = majors();
        if (Boolean.getBoolean("manor.test.all-majors") || System.getProperty("manor.test.majors") != null) {
            return all;
        }
        return List.of(all.get(all.size() - 1));
    }

    public static ThrowawayServer server(int major) {
        return SERVERS.computeIfAbsent(major, ThrowawayServer::start);
    }

    /** A new empty database on the given major. */
    public static TestDb freshDb(int major) {
        ThrowawayServer server = server(major);
        return new TestDb(server, server.createDatabase("t"));
    }

    /** A new empty database on the newest bundled major, for tests where the version does not matter. */
    public static TestDb freshDb() {
        List<Integer> majors = majors();
        return freshDb(majors.get(majors.size() - 1));
    }
}
