package dev.manor.shadow;

import dev.manor.config.ConnectionSettings;
import dev.manor.deploy.DeployListener;
import dev.manor.testing.MigrationsDir;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShadowProviderTest {
    @TempDir
    Path tmp;

    private MigrationsDir migrations() {
        return new MigrationsDir(tmp).add("20240101000000_t", "CREATE TABLE t (id int);", "DROP TABLE t;");
    }

    @Test
    void eachShadowIsAFreshDatabaseDroppedOnClose() {
        try (TestDb db = PgServers.freshDb()) {
            ShadowProvider provider = ShadowProvider.on(new ConnectionSettings(db.url(), null, null));
            String name;
            try (Shadow shadow = provider.create(List.of("public"))) {
                name = shadow.settings().database();
                shadow.manor(migrations().root(), null, DeployListener.SILENT).deploy();
                assertThat(shadow.note()).isNull();
                assertThat(db.queryOne("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")).isEqualTo(1L);
            }
            assertThat(db.queryOne("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")).isEqualTo(0L);
        }
    }

    @Test
    void withoutCreateDatabaseRightItFallsBackToASchemaAndSaysSo() {
        try (TestDb db = PgServers.freshDb()) {
            db.exec("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'no_createdb') THEN "
                    + "CREATE ROLE no_createdb LOGIN NOCREATEDB; END IF; END $$");
            db.exec("GRANT CREATE ON DATABASE " + db.name() + " TO no_createdb");
            ShadowProvider provider = ShadowProvider.on(new ConnectionSettings(db.url().replace("user=postgres",
                    "user=no_createdb"), null, null));
            String schema;
            try (Shadow shadow = provider.create(List.of("public"))) {
                schema = shadow.schemas().get(0);
                assertThat(shadow.note()).contains("no right to CREATE DATABASE").contains(schema);
                shadow.manor(migrations().root(), null, DeployListener.SILENT).deploy();
                assertThat(db.queryOne("SELECT to_regclass('" + schema + ".t')")).isNotNull();
                assertThat(db.queryOne("SELECT to_regclass('public.t')")).isNull();
            }
            assertThat(db.queryOne("SELECT count(*) FROM pg_namespace WHERE nspname LIKE '" + schema + "%'")).isEqualTo(0L);
        }
    }

    @Test
    void embeddedShadowsRunTheRequestedMajor() {
        int major = PgServers.majors().get(0);
        try (ShadowProvider provider = ShadowProvider.embedded(major); Shadow shadow = provider.create(List.of("public"))) {
            assertThat(provider.major()).isEqualTo(major);
            shadow.manor(migrations().root(), null, DeployListener.SILENT).deploy();
        }
    }
}
