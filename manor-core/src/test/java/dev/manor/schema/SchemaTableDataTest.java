package dev.manor.schema;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** TableData checksums (named Schema* so the schema package's test run picks it up). */
class SchemaTableDataTest {
    private static final String DDL = """
            CREATE TABLE "User" (id int PRIMARY KEY, name text, born timestamptz, score double precision);
            CREATE TABLE event (id int, at date) PARTITION BY RANGE (at);
            CREATE TABLE event_2024 PARTITION OF event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE empty (id int);
            CREATE TABLE manor_migrations (version text);
            INSERT INTO manor_migrations VALUES ('1');
            INSERT INTO event VALUES (1, '2024-05-01');
            """;

    static List<Integer> majors() {
        return PgServers.majors();
    }

    private static Map<String, TableChecksum> checksums(TestDb db, String sessionSetup) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sessionSetup);
            Map<String, TableChecksum> result = TableData.checksums(c, List.of("public"), List.of("manor_migrations"));
            ResultSet rs = s.executeQuery("SELECT current_setting('TimeZone')");
            rs.next();
            assertThat(rs.getString(1)).as("caller's time zone is put back").isEqualTo("Asia/Tokyo");
            return result;
        }
    }

    @ParameterizedTest
    @MethodSource("majors")
    void sameRowsInAnyInsertOrderAndSessionTimeZoneGiveTheSameChecksums(int major) throws SQLException {
        try (TestDb a = PgServers.freshDb(major); TestDb b = PgServers.freshDb(major)) {
            a.exec(DDL + "INSERT INTO \"User\" VALUES (1, 'ann', '2024-01-01 10:00+00', 0.1), (2, 'bob', NULL, 1e300)");
            b.exec(DDL + "INSERT INTO \"User\" VALUES (2, 'bob', NULL, 1e300), (1, 'ann', '2024-01-01 19:00+09', 0.1)");

            Map<String, TableChecksum> first = checksums(a, "SET TimeZone = 'Asia/Tokyo'");
            Map<String, TableChecksum> second = checksums(b, "SET TimeZone = 'Asia/Tokyo'");

            assertThat(first).isEqualTo(second);
            assertThat(first.keySet()).containsExactly("public.User", "public.empty", "public.event_2024");
            assertThat(first.get("public.User").rows()).isEqualTo(2);
            assertThat(first.get("public.event_2024").rows()).isEqualTo(1);
            assertThat(first.get("public.empty")).isEqualTo(new TableChecksum(0, "d41d8cd98f00b204e9800998ecf8427e"));

            b.exec("UPDATE \"User\" SET name = 'Bob' WHERE id = 2");
            TableChecksum changed = checksums(b, "SET TimeZone = 'Asia/Tokyo'").get("public.User");
            assertThat(changed.rows()).isEqualTo(2);
            assertThat(changed.md5()).isNotEqualTo(first.get("public.User").md5()).hasSize(32);
        }
    }
}
