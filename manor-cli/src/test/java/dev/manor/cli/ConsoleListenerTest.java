package dev.manor.cli;

import dev.manor.deploy.backfill.BackfillProgress;
import dev.manor.migration.Migration;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The renderer: notices go above the live line whole, and an empty backfill draws no bar. */
class ConsoleListenerTest {
    static final Migration M = new Migration("20240101000000", "add_label", Path.of("migrations/20240101000000_add_label"),
            "SELECT 1;", "SELECT 1;", null, null);
    static final String NOTICE = "backfill of item: at this rate its WAL (~2.1 GB) outgrows the 1.0 GB of WAL segments"
            + " ready (min_wal_size); raise min_wal_size or expect checkpoints while it runs";

    @Test
    void aNoticeDuringABackfillIsPrintedWholeAboveTheBar() throws Exception {
        StringWriter err = new StringWriter();
        ConsoleListener listener = new ConsoleListener(new PrintWriter(err), false, true);
        listener.backfillStarted(M, new BackfillProgress("item", 0, 0, 10_000, 100, 0, false));
        listener.backfillProgress(M, new BackfillProgress("item", 500, 500, 10_000, 100, 100, false));
        Thread.sleep(500); // the bar's own thread draws it
        listener.notice(NOTICE);
        listener.backfillProgress(M, new BackfillProgress("item", 1000, 1000, 10_000, 100, 200, false));
        Thread.sleep(500);
        listener.backfillFinished(M, new BackfillProgress("item", 10_000, 10_000, 10_000, 100, 1000, false));
        String out = err.toString();
        assertThat(out).contains("\r    backfill");                                  // the bar was drawn
        int notice = out.indexOf("    " + NOTICE + "\n");
        assertThat(notice).as(out).isPositive();
        String before = out.substring(0, notice);
        assertThat(before).endsWith("\r");                                          // the bar was erased first
        assertThat(out.substring(notice + NOTICE.length())).contains("\r    backfill"); // and drawn again below
        assertThat(out).contains("backfill of item done: 10000 rows updated");
    }

    @Test
    void anEmptyBackfillDrawsNoBar() {
        StringWriter err = new StringWriter();
        ConsoleListener listener = new ConsoleListener(new PrintWriter(err), false, true);
        listener.backfillStarted(M, new BackfillProgress("item", 0, 0, 0, 100, 0, false));
        listener.backfillFinished(M, new BackfillProgress("item", 0, 0, 0, 100, 3, false));
        assertThat(err.toString()).isEqualTo("    backfill of item: 0 rows to walk\n"
                + "    backfill of item done: 0 rows updated, 0 walked in 0.0 s (0 rows/s, last batch 100)\n");
    }
}
