package dev.manor.cli;

import dev.manor.deploy.DeployListener;
import dev.manor.deploy.ExecutionReport;
import dev.manor.deploy.LockHolder;
import dev.manor.deploy.backfill.BackfillProgress;
import dev.manor.deploy.guard.GuardSample;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints a deploy's progress, one line per event. With {@code watch} a carriage-return status line
 * follows each running migration (elapsed, statement line, blocked sessions, locks); with
 * {@code progressBars} a backfill shows a bar with rows/s and ETA.
 */
final class ConsoleListener implements DeployListener {
    private static final int STATUS_WIDTH = 110;

    private final PrintWriter out;
    private final boolean watch;
    private final boolean progressBars;
    private boolean statusShown;
    private ProgressBar bar;

    ConsoleListener(PrintWriter out) {
        this(out, false, false);
    }

    ConsoleListener(PrintWriter out, boolean watch, boolean progressBars) {
        this.out = out;
        this.watch = watch;
        this.progressBars = progressBars;
    }

    @Override
    public void waitingForLock(LockHolder holder) {
        line("Waiting for the deploy lock held by " + holder.describe());
    }

    @Override
    public void migrationStarted(Migration m, String direction) {
        clearStatus();
        out.print((direction.equals("up") ? "  ▲ " : "  ▼ ") + m.folderName() + " ... ");
        out.flush();
    }

    @Override
    public void retrying(Migration m, SqlStatement st, int attempt, Duration backoff, String reason) {
        line("");
        out.print("    lock not available at line " + st.line() + " (" + reason + "); retry " + attempt + " in "
                + backoff.toMillis() + " ms ... ");
        out.flush();
    }

    @Override
    public synchronized void guardSample(Migration m, SqlStatement st, GuardSample s) {
        if (!watch) {
            return;
        }
        String status = String.format(Locale.ROOT, "    [%5.1f s] line %s | %d blocked%s | %s", s.elapsedMs() / 1000.0,
                st == null ? "-" : Integer.toString(st.line()), s.blockedSessions(),
                s.blockedSessions() > 0 ? String.format(Locale.ROOT, " (up to %.1f s)", s.longestWaitMs() / 1000.0) : "",
                s.locksHeld().isEmpty() ? "no table locks" : String.join(", ", s.locksHeld()));
        if (status.length() > STATUS_WIDTH) {
            status = status.substring(0, STATUS_WIDTH - 3) + "...";
        }
        if (!statusShown) {
            out.println();
        }
        out.print("\r" + status + " ".repeat(STATUS_WIDTH - status.length()));
        out.flush();
        statusShown = true;
    }

    @Override
    public void migrationFinished(Migration m, String direction, ExecutionReport r) {
        clearStatus();
        line((direction.equals("up") ? "applied" : "rolled back") + " in " + r.durationMs() + " ms ("
                + r.statements() + (r.statements() == 1 ? " statement" : " statements") + (r.retries() > 0 ? ", " + r.retries() + " retries, "
                + r.lockWaitMs() + " ms waiting for locks" : "") + (r.rowsChanged() > 0 ? ", " + r.rowsChanged()
                + " rows" : "") + ", " + r.walBytes() + " bytes of WAL)");
        line("    " + ReportLines.locks(r));
    }

    @Override
    public void migrationFailed(Migration m, String direction, String error) {
        clearStatus();
        line("FAILED");
    }

    @Override
    public void guardCancelled(Migration m, String reason) {
        clearStatus();
        line("");
        out.print("    " + reason + " ... ");
        out.flush();
    }

    @Override
    public void backfillStarted(Migration m, BackfillProgress p) {
        clearStatus();
        line("    backfill of " + p.table() + (p.resumed() ? " resumed: " : ": ") + p.keysTotal() + " rows to walk"
                + (p.resumed() ? " (" + p.rowsUpdated() + " updated earlier)" : ""));
        if (progressBars) {
            bar = new ProgressBarBuilder().setTaskName("    backfill").setInitialMax(Math.max(1, p.keysTotal()))
                    .setUnit(" rows", 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .build();
        }
    }

    @Override
    public void backfillProgress(Migration m, BackfillProgress p) {
        if (bar != null) {
            bar.maxHint(p.keysTotal());
            bar.stepTo(p.keysWalked());
        }
    }

    @Override
    public void backfillFinished(Migration m, BackfillProgress p) {
        closeBar();
        line(String.format(Locale.ROOT, "    backfill of %s done: %d rows updated, %d walked in %.1f s (%.0f rows/s,"
                + " last batch %d)", p.table(), p.rowsUpdated(), p.keysWalked(), p.elapsedMs() / 1000.0,
                p.keysPerSecond(), p.batchSize()));
    }

    @Override
    public void backfillFailed(Migration m, String error) {
        closeBar();
        line("    backfill FAILED: " + error);
    }

    @Override
    public void notice(String message) {
        clearStatus();
        line("    " + message);
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private synchronized void clearStatus() {
        if (statusShown) {
            out.print("\r" + " ".repeat(STATUS_WIDTH) + "\r");
            out.flush();
            statusShown = false;
        }
    }

    private void line(String s) {
        out.println(s);
        out.flush();
    }
}
