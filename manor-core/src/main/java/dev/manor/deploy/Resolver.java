package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.history.Event;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;

/** {@code manor resolve}: settles a failed or interrupted migration after a person has dealt with it. */
public final class Resolver {
    private final DeployContext ctx;

    public Resolver(DeployContext ctx) {
        this.ctx = ctx;
    }

    /** The migration was finished by hand (fixed forward): record it as applied. */
    public void markApplied(String id) {
        settle(id, true);
    }

    /** The migration was given up and its partial effect undone by hand: record it as rolled back. */
    public void markRolledBack(String id) {
        settle(id, false);
    }

    /**
     * An applied migration whose migration.sql was edited afterwards, when the edit changes nothing that ran (a
     * comment, formatting, a suppression): records the file's checksum as the applied one, with the reason.
     */
    public void acceptEdit(String id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ManorException("accepting an edit needs a reason: add --reason \"<why the edit changes nothing"
                    + " that ran>\"");
        }
        try (DeployLock ignored = ctx.lock("resolve")) {
            ctx.withConnection(c -> {
                StatusReport.Entry e = ctx.status(c).find(id).orElseThrow(() ->
                        new ManorException("no migration " + id + " (see 'manor status')"));
                if (e.state() != MigrationState.EDITED) {
                    throw new ManorException(e.folderName() + " is " + e.state().label()
                            + "; --accept-edit settles only a migration edited after it was applied");
                }
                c.setAutoCommit(false);
                String before = e.record().checksum();
                ctx.history().markResolvedApplied(c, e.migration());
                ctx.history().record(c, Event.of("resolve", e.id(), "edit-accepted", "checksum " + before + " -> "
                        + e.migration().checksum() + " because: " + reason.strip()));
                c.commit();
                return null;
            });
        }
    }

    private void settle(String id, boolean applied) {
        try (DeployLock ignored = ctx.lock("resolve")) {
            ctx.withConnection(c -> {
                StatusReport status = ctx.status(c);
                StatusReport.Entry e = status.find(id).orElseThrow(() ->
                        new ManorException("no migration " + id + " (see 'manor status')"));
                if (e.state() != MigrationState.FAILED && e.state() != MigrationState.INTERRUPTED) {
                    throw new ManorException(e.folderName() + " is " + e.state().label()
                            + "; resolve settles only failed or interrupted migrations"
                            + (e.state() == MigrationState.APPLIED ? " (use 'manor rollback' to undo it)" : ""));
                }
                if (applied && e.migration() == null) {
                    throw new ManorException(e.folderName() + " is missing on disk; restore its folder first");
                }
                c.setAutoCommit(false);
                if (applied) {
                    ctx.history().markResolvedApplied(c, e.migration());
                } else {
                    ctx.history().markResolvedRolledBack(c, e.id());
                }
                ctx.history().record(c, Event.of("resolve", e.id(), applied ? "applied" : "rolled_back",
                        "was " + e.state().label()));
                c.commit();
                return null;
            });
        }
    }
}
