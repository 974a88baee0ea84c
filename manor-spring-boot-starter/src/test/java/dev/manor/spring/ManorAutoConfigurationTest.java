package dev.manor.spring;

import dev.manor.Manor;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Each condition of the auto-configuration, on a real PostgreSQL. */
class ManorAutoConfigurationTest {
    private TestDb db;
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() {
        db = PgServers.freshDb();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class, ManorAutoConfiguration.class,
                        ManorEndpointAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + db.url());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private long applied(TestDb on) {
        Object tables = on.queryOne("SELECT count(*) FROM pg_tables WHERE schemaname = 'manor' AND tablename = 'manor_migrations'");
        return ((Long) tables) == 0 ? 0 : (Long) on.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE status = 'applied'");
    }

    @Test
    void withADataSourceItDeploysTheMigrationsOnTheClassPathAtStartUp() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Manor.class).hasSingleBean(ManorMigrationInitializer.class);
            assertThat(applied(db)).isEqualTo(9);
        });
    }

    @Test
    void jdbcBeansWaitForTheDeploy() {
        runner.withUserConfiguration(ReadsAtCreation.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ReadsAtCreation.class).users.get()).isZero();
        });
    }

    @Test
    void manorEnabledFalseTurnsItOff() {
        runner.withPropertyValues("manor.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Manor.class).doesNotHaveBean(ManorMigrationInitializer.class);
            assertThat(applied(db)).isZero();
        });
    }

    @Test
    void withoutManorOnTheClassPathNothingIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader(Manor.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(ManorMigrationInitializer.class));
    }

    @Test
    void withoutADataSourceNothingIsConfigured() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ManorAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Manor.class));
    }

    @Test
    void manorUrlDeploysWithoutAnyDataSource() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ManorAutoConfiguration.class))
                .withPropertyValues("manor.url=" + db.url()).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Manor.class);
                    assertThat(applied(db)).isEqualTo(9);
                });
    }

    @Test
    void aStrategyBeanReplacesHowTheDeployRuns() {
        AtomicReference<Manor> seen = new AtomicReference<>();
        runner.withBean(ManorMigrationStrategy.class, () -> seen::set).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(seen.get()).isSameAs(context.getBean(Manor.class));
            assertThat(applied(db)).isZero();
        });
    }

    @Test
    void aManorDataSourceIsUsedInsteadOfTheApplicationsOwn() {
        try (TestDb owner = PgServers.freshDb()) {
            runner.withBean("appDataSource", DataSource.class, db::dataSource, d -> d.setPrimary(true))
                    .withBean(TestDb.class, () -> owner).withUserConfiguration(OwnerDataSource.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(applied(owner)).isEqualTo(9);
                        assertThat(applied(db)).isZero();
                    });
        }
    }

    @Test
    void aProjectsManorTomlSetsTheEnvironmentAndItsSettings() {
        runner.withPropertyValues("manor.project=classpath:village/manor.toml").run(context -> {
            assertThat(context).hasNotFailed();
            Manor manor = context.getBean(Manor.class);
            assertThat(manor.config().environment()).isEqualTo("qa");
            assertThat(manor.config().lockTimeout()).hasMillis(250);
            assertThat(db.queryOne("SELECT count(*) FROM village_history.manor_migrations WHERE status = 'applied'"))
                    .isEqualTo(9L);
            assertThat(db.queryOne("SELECT DISTINCT environment FROM village_history.manor_events WHERE action = 'deploy'"))
                    .isEqualTo("qa");
        });
    }

    @Test
    void theEndpointExistsOnlyWhenExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ManorEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=manor").run(context -> {
            assertThat(context).hasSingleBean(ManorEndpoint.class);
            assertThat(context.getBean(ManorEndpoint.class).status().upToDate()).isTrue();
        });
    }

    @Test
    void aMissingMigrationsLocationFailsStartUpWithOneLine() {
        runner.withPropertyValues("manor.locations=classpath:no/such/folder").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("manor.locations: nothing found at classpath:no/such/folder");
        });
    }

    @Test
    void aGateOverrideWithoutAReasonFailsStartUpBeforeAnythingRuns() {
        runner.withPropertyValues("manor.override-gates=backup").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(dev.manor.ManorException.class)
                    .hasMessageContaining("needs a reason");
            assertThat(applied(db)).isZero();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnerDataSource {
        @Bean
        @ManorDataSource
        DataSource ownerDataSource(TestDb owner) {
            return owner.dataSource();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReadsAtCreation {
        final AtomicReference<Long> users = new AtomicReference<>();

        @Bean
        Object usersAtCreation(JdbcTemplate jdbc) {
            users.set(jdbc.queryForObject("SELECT count(*) FROM \"User\"", Long.class));
            return users.get();
        }
    }
}
