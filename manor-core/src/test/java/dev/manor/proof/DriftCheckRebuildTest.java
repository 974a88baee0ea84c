package dev.manor.proof;

import dev.manor.Manor;
import dev.manor.shadow.ShadowProvider;
import dev.manor.testing.Manors;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles live in the server, not in the migrations: a private shadow server does not have them. */
class DriftCheckRebuildTest {
    @TempDir
    Path tmp;

    @Test
    void aMigrationThatCannotBeRebuiltLeavesDriftUncheckedWithAReasonInsteadOfFailingStatus() throws Exception {
        String role = "app_ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (TestDb db = PgServers.freshDb()) {
            db.exec("CREATE ROLE " + role);
            MigrationsDir dir = new MigrationsDir(tmp.resolve("migrations"))
                    .add("20240101000000_customer", "CREATE TABLE customer (id bigint PRIMARY KEY);"
                            + " GRANT SELECT ON customer TO " + role + ";", "DROP TABLE customer;");
            Manor manor = Manors.load(db, dir.root());
            manor.deploy();

            try (ShadowProvider provider = ShadowProvider.embedded(15); Connection c = db.connect()) {
                DriftCheck.Result result = DriftCheck.run(c, List.of("public"), manor.status(), provider);

                assertThat(result.drifted()).isFalse();
                assertThat(result.notes()).singleElement().asString()
                        .startsWith("drift not checked: ")
                        .contains("migrations/20240101000000_customer/migration.sql:1")
                        .contains("role \"" + role + "\" does not exist")
                        .contains("--shadow-url");
            }
        }
    }
}
