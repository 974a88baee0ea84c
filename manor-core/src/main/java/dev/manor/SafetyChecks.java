package dev.manor;

import dev.manor.analyze.AnalysisGate;
import dev.manor.analyze.AnalysisSettings;
import dev.manor.config.ConfigFile;
import dev.manor.config.ConnectionSettings;
import dev.manor.config.Database;
import dev.manor.config.EnvironmentSettings;
import dev.manor.config.ManorConfig;
import dev.manor.config.ProjectConfig;
import dev.manor.deploy.DeployCheck;
import dev.manor.deploy.DeployListener;
import dev.manor.embedded.PostgresBundles;
import dev.manor.gate.GateKeeper;
import dev.manor.gate.GateOverrides;
import dev.manor.gate.Gates;
import dev.manor.history.Event;
import dev.manor.history.HistoryStore;
import dev.manor.shadow.ShadowProvider;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The checks every deploy runs unless the caller skips them (and that is recorded): the analysis gate, then the
 * production gates of {@link Gates#forDeploy}. The command line and an application get exactly these.
 */
final class SafetyChecks {
    static final String SKIPPED = "safety-checks-skipped";

    private SafetyChecks() {
    }

    /** Analysis before the gates: a refusal should not cost a backup. */
    static List<DeployCheck> of(ProjectConfig project, ConnectionSettings target, GateOverrides overrides,
                                boolean takeBackup, boolean observe, Supplier<ShadowProvider> shadows,
                                Map<String, String> variables, Clock clock, DeployListener listener) {
        ManorConfig config = project.manor();
        // The staging of a protected environment analyses and refuses like it: what passes there passes there.
        List<String> stagingOf = project.protectedEnvironmentsStagedHere();
        boolean observed = observe || config.protectedEnv() || !stagingOf.isEmpty();
        DeployCheck analysis = new AnalysisGate(config, AnalysisSettings.defaults(), observed ? shadows : null,
                listener::notice).asStagingOf(stagingOf);
        DeployCheck gates = new GateKeeper(Gates.forDeploy(project, target, variables, clock, takeBackup), overrides,
                new HistoryStore(config.historySchema(), config.environment()), listener::notice);
        return List.of(analysis, gates);
    }

    /** The opt-out, recorded on every deploy that applies something. */
    static DeployCheck skipped(HistoryStore history, String reason, DeployListener listener) {
        return (plan, c) -> {
            if (plan.isEmpty()) {
                return;
            }
            history.record(c, Event.of(SKIPPED, null, "skipped", reason));
            listener.notice("analysis and gates skipped (recorded): " + reason);
        };
    }

    /** A project without manor.toml: only what the builder was told. */
    static ProjectConfig bare(ManorConfig config) {
        EnvironmentSettings env = new EnvironmentSettings(config.environment(), null, null, null, config.schemas(),
                null, null, config.protectedEnv(), null, null, null);
        return new ProjectConfig(config.projectDir(), ConfigFile.none(), env, Optional.empty(), config,
                new dev.manor.config.EmbeddedMajor(PostgresBundles.DEFAULT_MAJOR, "the default (no manor.toml)"),
                config.projectDir().resolve("backups"));
    }

    /** Shadows on a private embedded server of the target's major (or the nearest one Manor has). */
    static ShadowProvider embeddedShadows(Database database) {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return ShadowProvider.embedded(rs.getInt(1));
        } catch (SQLException e) {
            throw new ManorException("cannot read the server version of " + database.describe() + ": "
                    + e.getMessage(), e);
        }
    }
}
