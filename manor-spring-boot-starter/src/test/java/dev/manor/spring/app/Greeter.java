package dev.manor.spring.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** An application bean that reads a table the migrations create, as soon as it is constructed. */
public class Greeter {
    private static final Logger LOG = LoggerFactory.getLogger(Greeter.class);
    private final long users;

    public Greeter(JdbcTemplate jdbc) {
        // Works only when JdbcTemplate waited for the deploy (DatabaseInitializerDetector).
        this.users = jdbc.queryForObject("SELECT count(*) FROM \"User\"", Long.class);
        LOG.info("Village application ready with {} users", users);
    }

    public long users() {
        return users;
    }
}
