package dev.manor.spring;

import dev.manor.Manor;
import dev.manor.deploy.backfill.BackfillRecord;
import dev.manor.history.StatusReport;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.time.Instant;
import java.util.List;

/** {@code /actuator/manor}: each migration's state, the backfills, and the background deploy. */
@Endpoint(id = "manor")
public class ManorEndpoint {
    private final Manor manor;
    private final BackgroundDeploy background;

    public ManorEndpoint(Manor manor, BackgroundDeploy background) {
        this.manor = manor;
        this.background = background;
    }

    @ReadOperation
    public ManorStatus status() {
        StatusReport report = manor.status();
        List<MigrationStatus> migrations = report.entries().stream()
                .map(e -> new MigrationStatus(e.id(), e.name(), e.state().name().toLowerCase(),
                        e.record() == null ? null : e.record().finishedAt()))
                .toList();
        List<BackfillStatus> backfills = manor.backfills().stream()
                .map(b -> new BackfillStatus(b.migrationId(), b.table(), b.status(), b.rowsDone(), b.error()))
                .toList();
        return new ManorStatus(manor.config().environment(), report.upToDate(), migrations, backfills,
                new Background(background.state().name().toLowerCase(), background.error(), background.finishedAt()));
    }

    public record ManorStatus(String environment, boolean upToDate, List<MigrationStatus> migrations,
                              List<BackfillStatus> backfills, Background background) {
    }

    public record MigrationStatus(String id, String name, String state, Instant appliedAt) {
    }

    public record BackfillStatus(String migrationId, String table, String status, long rowsDone, String error) {
        static BackfillStatus of(BackfillRecord r) {
            return new BackfillStatus(r.migrationId(), r.table(), r.status(), r.rowsDone(), r.error());
        }
    }

    public record Background(String state, String error, Instant finishedAt) {
    }
}
