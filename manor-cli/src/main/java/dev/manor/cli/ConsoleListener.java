package dev.manor.cli;

import dev.manor.deploy.DeployListener;
import dev.manor.deploy.ExecutionReport;
import dev.manor.deploy.LockHolder;
import dev.manor.migration.Migration;
import dev.manor.migration.SqlStatement;

import java.io.PrintWriter;
import java.time.Duration;

/** Prints a deploy's progress, one line per event. */
final class ConsoleListener implements DeployListener {
    private final PrintWriter out;

    ConsoleListener(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void waitingForLock(LockHolder holder) {
        line("Waiting for the deploy lock held by " + holder.describe());
    }

    @Override
    public void migrationStarted(Migration m, String direction) {
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
    public void migrationFinished(Migration m, String direction, ExecutionReport r) {
        line((direction.equals("up") ? "applied" : "rolled back") + " in " + r.durationMs() + " ms ("
                + r.statements() + " statements" + (r.retries() > 0 ? ", " + r.retries() + " retries, "
                + r.lockWaitMs() + " ms waiting for locks" : "") + (r.rowsChanged() > 0 ? ", " + r.rowsChanged()
                + " rows" : "") + ", " + r.walBytes() + " bytes of WAL)");
    }

    @Override
    public void migrationFailed(Migration m, String direction, String error) {
        line("FAILED");
    }

    @Override
    public void notice(String message) {
        line("    " + message);
    }

    private void line(String s) {
        out.println(s);
        out.flush();
    }
}
