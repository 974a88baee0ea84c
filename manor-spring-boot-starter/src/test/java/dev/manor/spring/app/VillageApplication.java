package dev.manor.spring.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A minimal application that adds the starter: its DataSource comes from spring.datasource.url. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Greeter.class)
public class VillageApplication {
}
