package dev.manor.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code manor.*}: how the application deploys its migrations at start-up (docs/spring-boot.md). */
@ConfigurationProperties(prefix = "manor")
public class ManorProperties {
    public static final String DEFAULT_LOCATION = "classpath:db/migrations";

    /** Deploy at start-up. */
    private boolean enabled = true;

    /**
     * A Manor project: a folder holding manor.toml (or the manor.toml file itself), on the file system or
     * {@code classpath:}. Its environments, migrations folder and settings apply; manor.* properties win.
     */
    private String project;

    /**
     * Where the migration folders are: {@code classpath:} (also inside the application's jar) or file-system
     * locations, merged. Default {@code classpath:db/migrations}, or the project's migrations folder.
     */
    private List<String> locations = new ArrayList<>();

    /** Environment name recorded in the history and chosen from manor.toml (default: its default_env, else dev). */
    private String environment;

    /**
     * Whether the environment is protected: an error-level analysis finding refuses the deploy, and the staging
     * and backup gates apply. Default: manor.toml's {@code protected}, else false.
     */
    private Boolean protectedEnvironment;

    /** Managed schemas (default public, or the environment's). */
    private List<String> schemas;

    /** Schema of Manor's history tables (default manor). */
    private String historySchema;

    /** lock_timeout of every migration statement (default 500ms). */
    private Duration lockTimeout;

    /** statement_timeout of every migration statement (default none). */
    private Duration statementTimeout;

    /** How long to wait for another deployer's lock, e.g. another instance starting at the same time (default 60s). */
    private Duration lockWait;

    /** Whether start-up waits for backfills (blocking) or leaves them to a background thread (background). */
    private BackfillMode backfills = BackfillMode.BLOCKING;

    /**
     * Also run the analysis on a shadow database (observed locks, rewrites, scans) before deploying; always on in a
     * protected environment. Otherwise the text rules alone run.
     */
    private Boolean observe;

    /** Server for the shadow databases (default: a private embedded PostgreSQL of the target's major version). */
    private String shadowUrl;

    /** User for manor.shadow-url. */
    private String shadowUser;

    /** Password for manor.shadow-url. */
    private String shadowPassword;

    /** JDBC URL Manor deploys to instead of the application's DataSource (also what pg_dump uses for backups). */
    private String url;

    /** User for manor.url. */
    private String user;

    /** Password for manor.url. */
    private String password;

    /**
     * Gates to override on this start-up, recorded with {@link #overrideReason}: backup, staging, deprecation,
     * deploy-window.
     */
    private List<String> overrideGates = new ArrayList<>();

    /** Why the gates in manor.override-gates are overridden; recorded in the deployment log. */
    private String overrideReason;

    /** Cancel a migration when other sessions wait behind it longer than this (default 1s; 0 turns the guard off). */
    private Duration trafficGuard;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getProject() {
        return project;
    }

    public void setProject(String project) {
        this.project = project;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public Boolean getProtectedEnvironment() {
        return protectedEnvironment;
    }

    public void setProtectedEnvironment(Boolean protectedEnvironment) {
        this.protectedEnvironment = protectedEnvironment;
    }

    public List<String> getSchemas() {
        return schemas;
    }

    public void setSchemas(List<String> schemas) {
        this.schemas = schemas;
    }

    public String getHistorySchema() {
        return historySchema;
    }

    public void setHistorySchema(String historySchema) {
        this.historySchema = historySchema;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public Duration getLockWait() {
        return lockWait;
    }

    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }

    public BackfillMode getBackfills() {
        return backfills;
    }

    public void setBackfills(BackfillMode backfills) {
        this.backfills = backfills;
    }

    public Boolean getObserve() {
        return observe;
    }

    public void setObserve(Boolean observe) {
        this.observe = observe;
    }

    public String getShadowUrl() {
        return shadowUrl;
    }

    public void setShadowUrl(String shadowUrl) {
        this.shadowUrl = shadowUrl;
    }

    public String getShadowUser() {
        return shadowUser;
    }

    public void setShadowUser(String shadowUser) {
        this.shadowUser = shadowUser;
    }

    public String getShadowPassword() {
        return shadowPassword;
    }

    public void setShadowPassword(String shadowPassword) {
        this.shadowPassword = shadowPassword;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public List<String> getOverrideGates() {
        return overrideGates;
    }

    public void setOverrideGates(List<String> overrideGates) {
        this.overrideGates = overrideGates;
    }

    public String getOverrideReason() {
        return overrideReason;
    }

    public void setOverrideReason(String overrideReason) {
        this.overrideReason = overrideReason;
    }

    public Duration getTrafficGuard() {
        return trafficGuard;
    }

    public void setTrafficGuard(Duration trafficGuard) {
        this.trafficGuard = trafficGuard;
    }
}
