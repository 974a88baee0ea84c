package dev.manor.deploy;

import dev.manor.ManorException;
import dev.manor.history.Event;
import dev.manor.history.MigrationState;
import dev.manor.history.StatusReport;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;

import java.util.ArrayList;
import java.util.List;

/** {@code manor resolve}: settles a failed or interrupted migration after a person has dealt with it. */
public final class Resolver {
    private final DeployContext ctx;

    public Resolver(DeployContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The migration was finished by hand (fixed forward): record it as applied. Refused while some of its
     * statements never ran (all of a failed transactional one; those after the journal of a no-transaction
     * one), unless {@code ranByHand} says what was done instead; that is recorded in the log.
     */
    public void markApplied(String id, String ranByHand) {
        settle(id, true, ranByHand == null || ranByHand.isBlank() ? null : ranByHand.strip());
    }

    /** The migration was given up and its partial effect undone by hand: record it as rolled back. */
    public void markRolledBack(String id) {
        settle(id, false, null);
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

    private static final int LISTED = 10;

    /** The statements of the up script that no run applied, as file:line lines. */
    private static List<String> unrun(StatusReport.Entry e) {
        Migration m = e.migration();
        if (e.state() == MigrationState.ROLLBACK_INTERRUPTED) {
            return List.of();
        }
        List<SqlStatement> statements = m.upStatements();
        int done = m.transactional() || e.record() == null ? 0 : Math.min(e.record().stepsDone(), statements.size());
        List<String> out = new ArrayList<>();
        for (SqlStatement st : statements.subList(done, statements.size())) {
            out.add(m.displayPath(Migration.UP_FILE) + ":" + st.line() + ": " + st.summary());
        }
        return out;
    }

    private void settle(String id, boolean applied, String ranByHand) {
        try (DeployLock ignored = ctx.lock("resolve")) {
            ctx.withConnection(c -> {
                StatusReport status = ctx.status(c);
                StatusReport.Entry e = status.find(id).orElseThrow(() ->
                        new ManorException("no migration " + id + " (see 'manor status')"));
                if (e.state() != MigrationState.FAILED && e.state() != MigrationState.INTERRUPTED
                        && e.state() != MigrationState.ROLLBACK_INTERRUPTED) {
                    throw new ManorException(e.folderName() + " is " + e.state().label()
                            + "; resolve settles only failed or interrupted migrations and rollbacks"
                            + (e.state() == MigrationState.APPLIED ? " (use 'manor rollback' to undo it)" : ""));
                }
                if (applied && e.migration() == null) {
                    throw new ManorException(e.folderName() + " is missing on disk; restore its folder first");
                }
                List<String> unrun = applied ? unrun(e) : List.of();
                if (!unrun.isEmpty() && ranByHand == null) {
                    throw new ManorException(e.folderName() + " has " + unrun.size() + " statement(s) that never ran:\n  "
                            + String.join("\n  ", unrun.subList(0, Math.min(LISTED, unrun.size())))
                            + (unrun.size() > LISTED ? "\n  ... and " + (unrun.size() - LISTED) + " more" : "")
                            + "\nRun them by hand and say so: 'manor resolve --applied " + e.id()
                            + " --ran-by-hand \"<what you did>\"', or run 'manor deploy' to let Manor run them");
                }
                c.setAutoCommit(false);
                if (applied) {
                    ctx.history().markResolvedApplied(c, e.migration());
                } else {
                    ctx.history().markResolvedRolledBack(c, e.id());
                }
                ctx.history().record(c, Event.of("resolve", e.id(), applied ? "applied" : "rolled_back",
                        "was " + e.state().label() + (unrun.isEmpty() ? "" : "; " + unrun.size()
                                + " unrun statement(s) done by hand: " + ranByHand)));
                c.commit();
                return null;
            });
        }
    }
}
