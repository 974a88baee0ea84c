package dev.manor.embedded;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class ThrowawayServerTest {
    static java.util.List<Integer> majors() {
        return PgServers.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void eachBundledMajorStartsAndReportsItsVersion(int major) {
        try (TestDb db = PgServers.freshDb(major)) {
            Object version = db.queryOne("SHOW server_version_num");
            assertThat(Integer.parseInt(version.toString()) / 10000).isEqualTo(major);
        }
    }
}
