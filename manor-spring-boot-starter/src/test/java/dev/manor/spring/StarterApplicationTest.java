package dev.manor.spring;

import dev.manor.spring.app.Greeter;
import dev.manor.spring.app.VillageApplication;
import dev.manor.testing.PgServers;
import dev.manor.testing.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.ApplicationListener;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real Spring Boot applications (SpringApplication, logback) starting against a real PostgreSQL. */
@ExtendWith(OutputCaptureExtension.class)
class StarterApplicationTest {
    private static SpringApplicationBuilder app(TestDb db, String... properties) {
        return new SpringApplicationBuilder(VillageApplication.class).web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + db.url(), "management.endpoints.web.exposure.include=manor")
                .properties(properties);
    }

    @Test
    void anApplicationWithTheStarterDeploysTheExampleAtStartUpAndItsOwnLogLinesStillAppear(CapturedOutput output) {
        try (TestDb db = PgServers.freshDb();
             ConfigurableApplicationContext context = app(db).run()) {
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE status = 'applied'")).isEqualTo(9L);
            assertThat(context.getBean(Greeter.class).users()).isZero();
            assertThat(output).contains("Village application ready with 0 users")
                    .contains("Applying 20240102090000_init").contains("Applied 9 migrations")
                    // the library's own SLF4J lines reach the application's backend
                    .contains("applied 20240102090000_init");
            ManorEndpoint.ManorStatus status = context.getBean(ManorEndpoint.class).status();
            assertThat(status.upToDate()).isTrue();
            assertThat(status.environment()).isEqualTo("dev");
            assertThat(status.migrations()).hasSize(9).allMatch(m -> m.state().equals("applied"));
            assertThat(status.backfills()).extracting(ManorEndpoint.BackfillStatus::status).containsOnly("done");
        }
    }

    @Test
    void anUnsafeChangeOnAProtectedEnvironmentFailsStartUpWithTheOneLineReason(CapturedOutput output) {
        try (TestDb db = PgServers.freshDb()) {
            // "User" predates this deploy: a table created earlier in the same deploy is new, and not a finding.
            dev.manor.Manor.configure().connection(db.url(), null, null)
                    .migrations(java.nio.file.Path.of("../examples/indian-village-manor/unsafe/migrations")).load()
                    .deploy(dev.manor.DeployOptions.defaults().upTo("20240102090000"));
            assertThatThrownBy(() -> app(db, "manor.locations=classpath:unsafe/migrations", "manor.environment=prod",
                    "manor.protected-environment=true",
                    // the observed analysis' throwaway databases go to the test server rather than a server of their own
                    "manor.shadow-url=" + db.server().jdbcUrl("postgres")).run())
                    .hasRootCauseInstanceOf(dev.manor.ManorException.class);
            assertThat(output).contains("Manor did not deploy: analysis found")
                    .contains("environment 'prod' is protected: 20240106110000")
                    .doesNotContain("Village application ready");
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations")).isEqualTo(1L);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_events WHERE action = 'gate-refused'")).isEqualTo(1L);
        }
    }

    @Test
    void backgroundBackfillsLetTheApplicationStartAfterTheFirstBackfillsDdlAndFinishTheRestAfterwards(
            CapturedOutput output) throws Exception {
        AtomicLong appliedAtStartUp = new AtomicLong(-1);
        try (TestDb db = PgServers.freshDb();
             ConfigurableApplicationContext context = app(db, "manor.backfills=background")
                     .listeners((ApplicationListener<ApplicationStartedEvent>) e -> appliedAtStartUp.set((Long)
                             db.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE status = 'applied'")))
                     .run()) {
            // init, add_middle_name and add_phone_optional (the first with a backfill) before the application started
            assertThat(appliedAtStartUp.get()).isEqualTo(3L);
            BackgroundDeploy background = context.getBean(BackgroundDeploy.class);
            assertThat(background.await(60_000)).isTrue();
            assertThat(background.state()).isEqualTo(BackgroundDeploy.State.DONE);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_migrations WHERE status = 'applied'")).isEqualTo(9L);
            assertThat(db.queryOne("SELECT count(*) FROM manor.manor_backfills WHERE status <> 'done'")).isEqualTo(0L);
            assertThat(context.getBean(ManorEndpoint.class).status().background().state()).isEqualTo("done");
            assertThat(output).contains("Background deploy finished");
        }
    }
}
