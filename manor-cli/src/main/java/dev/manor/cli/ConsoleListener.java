package dev.manor.cli;

import dev.manor.deploy.DeployListener;
import dev.manor.deploy.ExecutionReport;
import dev.manor.deploy.LockHolder;
import dev.manor.deploy.backfill.BackfillProgress;
import dev.manor.deploy.guard.BlockingSession;
import dev.manor.deploy.guard.GuardSample;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

import static dev.manor.text.Plural.count;

/**
 * Prints a deploy's or rollback's progress on stderr through one {@link LiveConsole}: a line per finished
 * migration (its name, outcome, figures, locks), a line per retry and notice, and under them one live line: with
 * {@code watch} the running migration's status (elapsed, statement line, who it waits for, sessions blocked behind
 * it, locks it holds); with {@code progressBars} a backfill's bar.
 */
final class ConsoleListener implements DeployListener {
    private final LiveConsole console;
    private final boolean watch;
    private final boolean progressBars;
    private volatile int retries;
    private volatile int announcedBlocker;
    private ProgressBar bar;

    ConsoleListener(PrintWriter err) {
        this(err, false, false);
    }

    ConsoleListener(PrintWriter err, boolean watch, boolean progressBars) {
        this.console = new LiveConsole(err, watch || progressBars);
        this.watch = watch;
        this.progressBars = progressBars;
    }

    @Override
    public void waitingForLock(LockHolder holder) {
        console.line("Waiting for the deploy lock held by " + holder.describe());
    }

    @Override
    public void migrationStarted(Migration m, String direction) {
        retries = 0;
        announcedBlocker = 0;
        console.show(arrow(direction) + m.folderName() + " ...");
    }

    @Override
    public void retrying(Migration m, SqlStatement st, int attempt, Duration backoff, String reason) {
        retries = attempt;
        console.line(arrow(null) + m.folderName() + ": lock not available at line " + st.line() + " (" + reason + "); retry "
                + attempt + " in " + backoff.toMillis() + " ms");
    }

    @Override
    public void guardSample(Migration m, SqlStatement st, GuardSample s) {
        if (!watch) {
            return;
        }
        StringBuilder status = new StringBuilder(String.format(Locale.ROOT, "    [%5.1f s] %s line %s",
                s.elapsedMs() / 1000.0, m.folderName(), st == null ? "-" : Integer.toString(st.line())));
        if (!s.waitingFor().isEmpty()) {
            // The blocker in full as a line of its own (once per blocker): the live line has no room for its query.
            BlockingSession b = s.waitingFor().get(0);
            if (b.pid() != announcedBlocker) {
                announcedBlocker = b.pid();
                console.line("    " + m.folderName() + " waits for a lock held by " + describe(b)
                        + (s.waitingFor().size() > 1 ? " and " + count(s.waitingFor().size() - 1, "other session") : ""));
            }
            status.append(" | waiting for pid ").append(b.pid());
            if (retries > 0) {
                status.append(" (retry ").append(retries).append(')');
            }
        }
        status.append(" | ").append(s.blockedSessions()).append(" blocked");
        if (s.blockedSessions() > 0) {
            status.append(String.format(Locale.ROOT, " (up to %.1f s)", s.longestWaitMs() / 1000.0));
        }
        status.append(" | ").append(s.locksHeld().isEmpty() ? "no table locks held" : String.join(", ", s.locksHeld()));
        console.show(status.toString());
    }

    /** "pid 4242 (report-job, idle in transaction for 12.3 s: SELECT ...)". */
    static String describe(BlockingSession b) {
        String query = b.query().length() > 120 ? b.query().substring(0, 117) + "..." : b.query();
        return String.format(Locale.ROOT, "pid %d (%s%s for %.1f s: %s)", b.pid(),
                b.application().isEmpty() ? "" : b.application() + ", ", b.state(), b.ageMs() / 1000.0, query);
    }

    @Override
    public void migrationFinished(Migration m, String direction, ExecutionReport r) {
        console.clear();
        console.line(arrow(direction) + m.folderName() + " ... " + (direction.equals("up") ? "applied" : "rolled back")
                + " in " + r.durationMs() + " ms (" + count(r.statements(), "statement")
                + (r.retries() > 0 ? ", " + count(r.retries(), "retry") + ", " + r.lockWaitMs() + " ms waiting for locks" : "")
                + (r.rowsChanged() > 0 ? ", " + count(r.rowsChanged(), "row") + " changed" : "") + ", "
                + count(r.walBytes(), "byte") + " of WAL"
                + (r.replicaLagPeakMs() > 0 ? ", replica lag peak " + r.replicaLagPeakMs() + " ms" : "") + ")");
        console.line("    " + ReportLines.locks(r));
    }

    @Override
    public void migrationFailed(Migration m, String direction, String error) {
        console.clear();
        console.line(arrow(direction) + m.folderName() + " ... FAILED");
    }

    @Override
    public void guardCancelled(Migration m, String reason) {
        console.line(arrow(null) + m.folderName() + ": " + reason);
    }

    @Override
    public void backfillStarted(Migration m, BackfillProgress p) {
        console.clear();
        console.line("    backfill of " + p.table() + (p.resumed() ? " resumed: " : ": ") + count(p.keysTotal(), "row")
                + " to walk" + (p.resumed() ? " (" + p.rowsUpdated() + " updated earlier)" : ""));
        if (progressBars && p.keysTotal() > p.keysWalked()) {
            bar = new ProgressBarBuilder().setTaskName("    backfill").setInitialMax(p.keysTotal())
                    .setUnit(" rows", 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .setConsumer(new DelegatingProgressBarConsumer(console::show, LiveConsole.WIDTH))
                    .build();
            bar.stepTo(p.keysWalked());
        }
    }

    @Override
    public void backfillProgress(Migration m, BackfillProgress p) {
        ProgressBar b = bar;
        if (b != null) {
            b.maxHint(p.keysTotal());
            b.stepTo(p.keysWalked());
        }
    }

    @Override
    public void backfillFinished(Migration m, BackfillProgress p) {
        closeBar();
        console.line(String.format(Locale.ROOT, "    backfill of %s done: %s updated, %d walked in %.1f s (%.0f rows/s,"
                + " last batch %d)", p.table(), count(p.rowsUpdated(), "row"), p.keysWalked(), p.elapsedMs() / 1000.0,
                p.keysPerSecond(), p.batchSize()));
    }

    @Override
    public void backfillFailed(Migration m, String error) {
        closeBar();
        console.line("    backfill FAILED: " + error);
    }

    @Override
    public void notice(String message) {
        console.line("    " + message);
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        console.clear();
    }

    private static String arrow(String direction) {
        return direction == null ? "    " : direction.equals("up") ? "  ▲ " : "  ▼ ";
    }
}
