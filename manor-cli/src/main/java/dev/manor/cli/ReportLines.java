package dev.manor.cli;

import dev.manor.deploy.ExecutionReport;

/** The lock and traffic line printed under each applied migration. */
final class ReportLines {
    private ReportLines() {
    }

    static String locks(ExecutionReport r) {
        String locks = r.locksHeld().isEmpty() ? "no table locks seen"
                : "locks " + String.join(", ", r.locksHeld())
                + (r.longestLockHoldMs() > 0 ? " (write-blocking held ~" + r.longestLockHoldMs() + " ms)" : "");
        String blocked = r.blockedSessions() == 0 ? "nobody waited behind it"
                : dev.manor.text.Plural.count(r.blockedSessions(), "session") + " waited, longest "
                + r.longestWaitMs() + " ms";
        return locks + "; " + blocked + "; " + r.connections() + "/" + r.maxConnections() + " connections";
    }
}
