package dev.manor.cli;

import java.io.PrintWriter;

/**
 * The one writer of a command's progress on stderr: permanent lines, and at most one live line under them (a
 * migration's status, a backfill's bar) redrawn in place with a carriage return. A permanent line first erases the
 * live line, prints, then redraws it, so nothing overwrites anything and notices stay above the bar. Without
 * {@code live} (output not a terminal and no --watch) there is no live line at all.
 */
final class LiveConsole {
    static final int WIDTH = 119;

    private final PrintWriter err;
    private final boolean live;
    private String current;
    private int drawnWidth;

    LiveConsole(PrintWriter err, boolean live) {
        this.err = err;
        this.live = live;
    }

    boolean live() {
        return live;
    }

    /** A line that stays. */
    synchronized void line(String text) {
        erase();
        err.println(text);
        draw();
        err.flush();
    }

    /** Replaces the live line (ignored when not live). */
    synchronized void show(String text) {
        if (!live) {
            return;
        }
        current = text.length() > WIDTH ? text.substring(0, WIDTH - 3) + "..." : text;
        draw();
        err.flush();
    }

    /** Removes the live line. */
    synchronized void clear() {
        erase();
        current = null;
        err.flush();
    }

    private void draw() {
        if (current == null) {
            return;
        }
        err.print("\r" + current + " ".repeat(Math.max(0, drawnWidth - current.length())));
        drawnWidth = Math.max(drawnWidth, current.length());
    }

    private void erase() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            drawnWidth = 0;
        }
    }
}
