package dev.manor.repeatable;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The SQL callbacks of {@code callbacks/}. They run only when a deploy has work (a migration or a changed repeatable):
 * a deploy with nothing to do changes nothing. Each runs in a transaction with its event, so the log says exactly
 * which ran.
 *
 * @param beforeDeploy   {@code before-deploy.sql}: before the first migration, in its own transaction
 * @param afterMigration {@code after-migration.sql}: inside each migration's own transaction, after its statements
 *                       (for a no-transaction migration, in the transaction that records it applied)
 * @param afterDeploy    {@code after-deploy.sql}: after the migrations and repeatables, in its own transaction
 */
public record Callbacks(Optional<SqlScript> beforeDeploy, Optional<SqlScript> afterMigration,
                        Optional<SqlScript> afterDeploy) {
    public static final String BEFORE_DEPLOY = "before-deploy";
    public static final String AFTER_MIGRATION = "after-migration";
    public static final String AFTER_DEPLOY = "after-deploy";
    public static final List<String> NAMES = List.of(BEFORE_DEPLOY, AFTER_MIGRATION, AFTER_DEPLOY);
    public static final Callbacks NONE = new Callbacks(Optional.empty(), Optional.empty(), Optional.empty());

    /** The callbacks present, in the order a deploy runs them (after-migration once per migration). */
    public List<SqlScript> present() {
        return Stream.of(beforeDeploy, afterMigration, afterDeploy).flatMap(Optional::stream).toList();
    }
}
