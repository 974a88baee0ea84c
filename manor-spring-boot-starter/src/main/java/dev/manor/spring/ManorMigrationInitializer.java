package dev.manor.spring;

import dev.manor.DeployOptions;
import dev.manor.Manor;
import dev.manor.deploy.DeployResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Deploys while the application context starts, before beans that use the database (JDBC, JPA) are created.
 * A refusal or failure throws {@link dev.manor.ManorException}, which stops the start-up with its one-line reason.
 */
public class ManorMigrationInitializer implements InitializingBean, ApplicationListener<ApplicationReadyEvent>,
        DisposableBean {
    private final Manor manor;
    private final ManorMigrationStrategy strategy;
    private final BackfillMode backfills;
    private final BackgroundDeploy background;

    /** {@code strategy} null: deploy as the properties say. */
    public ManorMigrationInitializer(Manor manor, ManorMigrationStrategy strategy, BackfillMode backfills,
                                     BackgroundDeploy background) {
        this.manor = manor;
        this.strategy = strategy;
        this.backfills = backfills;
        this.background = background;
    }

    @Override
    public void afterPropertiesSet() {
        if (strategy != null) {
            strategy.migrate(manor);
            return;
        }
        String target = "'" + manor.config().environment() + "' (" + manor.database().describe() + ")";
        StarterLog.info("Deploying to " + target);
        if (backfills == BackfillMode.BLOCKING) {
            report(manor.deploy());
            return;
        }
        DeployResult result = manor.deploy(DeployOptions.defaults().deferringBackfills());
        boolean unfinished = manor.backfills().stream().anyMatch(b -> !b.finished());
        if (unfinished || !manor.status().toDeploy().isEmpty()) {
            int n = result.applied().size();
            StarterLog.info("Applied " + n + " migration" + (n == 1 ? "" : "s") + " at start-up; backfills and"
                    + " the migrations after them continue in the background once the application is ready");
            background.needed();
        } else {
            report(result);
        }
    }

    private static void report(DeployResult result) {
        StarterLog.info(result.applied().isEmpty() ? "Nothing to deploy: the database is up to date"
                : "Applied " + result.applied().size() + " migration" + (result.applied().size() == 1 ? "" : "s"));
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        background.start();
    }

    @Override
    public void destroy() {
        background.stop();
    }
}
