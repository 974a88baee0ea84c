package dev.manor.spring;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

import java.util.Set;

/** Tells Spring Boot that the Manor deploy initializes the database, so JDBC and JPA beans are created after it. */
class ManorDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {
    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(ManorMigrationInitializer.class);
    }
}
