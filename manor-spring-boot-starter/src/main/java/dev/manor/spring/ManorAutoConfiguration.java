package dev.manor.spring;

import dev.manor.Manor;
import dev.manor.config.Database;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploys the application's Manor migrations at start-up, against its DataSource (or a {@link ManorDataSource}, or
 * {@code manor.url}), with the analysis and the environment's gates first. Off with {@code manor.enabled=false}.
 * Beans that use the database (JdbcTemplate, JPA) wait for the deploy.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Manor.class)
@Conditional(ManorAutoConfiguration.DataSourceOrUrl.class)
@ConditionalOnProperty(prefix = "manor", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ManorProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class ManorAutoConfiguration {

    /** On when there is a DataSource to deploy to, or manor.url names a database of its own. */
    static final class DataSourceOrUrl extends AnyNestedCondition {
        DataSourceOrUrl() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(DataSource.class)
        static final class DataSourceBean {
        }

        @ConditionalOnProperty(prefix = "manor", name = "url")
        static final class ManorUrl {
        }
    }

    /** Folders Manor reads that were copied out of the class path; deleted when the application stops. */
    static final class ManorFolders implements DisposableBean {
        private final List<LocalFolder> folders = new ArrayList<>();

        @Override
        public void destroy() {
            folders.forEach(LocalFolder::close);
        }
    }

    @Bean
    ManorFolders manorFolders() {
        return new ManorFolders();
    }

    @Bean
    @ConditionalOnMissingBean
    public Manor manor(ManorProperties properties, ManorFolders folders, ResourceLoader resourceLoader,
                       @ManorDataSource ObjectProvider<DataSource> manorDataSource, ObjectProvider<DataSource> dataSource) {
        Database database = null;
        if (properties.getUrl() == null) {
            DataSource owner = manorDataSource.getIfAvailable();
            database = owner != null ? Database.of(owner, "the @ManorDataSource")
                    : Database.of(dataSource.getObject(), "the application's DataSource");
        }
        ManorFactory factory = new ManorFactory(properties, ResourcePatternUtils.getResourcePatternResolver(resourceLoader));
        return factory.create(database, folders.folders, new StarterLog());
    }

    @Bean
    @ConditionalOnMissingBean
    public BackgroundDeploy manorBackgroundDeploy(Manor manor) {
        return new BackgroundDeploy(manor);
    }

    @Bean
    @ConditionalOnMissingBean
    public ManorMigrationInitializer manorMigrationInitializer(Manor manor, ManorProperties properties,
                                                               ObjectProvider<ManorMigrationStrategy> strategy,
                                                               BackgroundDeploy background) {
        return new ManorMigrationInitializer(manor, strategy.getIfAvailable(), properties.getBackfills(), background);
    }
}
