package dev.manor.gate;

import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The spec's deprecation comment read from a real database, judged against an injected clock. */
class DeprecationGateTest {
    static final String DROP_COLUMN = "ALTER TABLE \"User\" DROP COLUMN \"_deprecated_oldField\";";
    TestDb db;

    @BeforeEach
    void deprecatedColumnAndTable() {
        db = PgServers.freshDb();
        db.exec("""
                CREATE TABLE "User" (id int, "_deprecated_oldField" text);
                COMMENT ON COLUMN "User"."_deprecated_oldField" IS 'Deprecated on 2024-01-15, safe to remove after 2024-02-15';
                CREATE TABLE _deprecated_audit (id int);
                COMMENT ON TABLE _deprecated_audit IS 'old audit trail';
                """);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    Verdict on(String day, String sql) throws SQLException {
        Clock clock = Clock.fixed(Instant.parse(day + "T12:00:00Z"), ZoneOffset.UTC);
        try (Connection c = db.connect()) {
            return new DeprecationGate(clock).evaluate(Plans.up("20240301000000", sql), c);
        }
    }

    @Test
    void refusesOnAndBeforeTheSafeDateAndAllowsAfter() throws SQLException {
        assertThat(on("2024-02-01", DROP_COLUMN)).isEqualTo(Verdict.refuse("migrations/20240301000000_change/migration.sql:1 "
                + "drops column \"User\".\"_deprecated_oldField\" before its safety period ends: safe to remove after "
                + "2024-02-15 (today is 2024-02-01); deploy this after 2024-02-15"));
        assertThat(on("2024-02-15", DROP_COLUMN).passed()).isFalse();
        assertThat(on("2024-02-16", DROP_COLUMN)).isEqualTo(Verdict.pass(
                "safety period over for column \"User\".\"_deprecated_oldField\" (safe after 2024-02-15)"));
    }

    @Test
    void aDeprecatedObjectWithoutADateOrNotYetThereIsRefusedWithTheFix() throws SQLException {
        Verdict noDate = on("2030-01-01", "DROP TABLE _deprecated_audit;");
        assertThat(noDate.passed()).isFalse();
        assertThat(noDate.message()).contains("drops table _deprecated_audit, whose comment has no 'safe to remove after "
                + "<yyyy-mm-dd>'; set one with COMMENT ON TABLE _deprecated_audit IS 'Deprecated on <date>, safe to remove after <date>'");
        Verdict missing = on("2030-01-01", "ALTER TABLE \"User\" DROP COLUMN \"_deprecated_never\";");
        assertThat(missing.message()).contains("which does not exist yet: rename and comment it in an earlier deploy");
        assertThat(on("2030-01-01", "ALTER TABLE \"User\" DROP COLUMN id; DROP TABLE IF EXISTS other;"))
                .isEqualTo(Verdict.pass("no deprecated object dropped"));
    }
}
