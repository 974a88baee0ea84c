package dev.manor.deploy;

import dev.manor.ManorException;

import java.time.Duration;

/** A wait between retries, batches or replica checks: an interrupt ends the run, saying what it interrupted. */
public final class Pause {
    private Pause() {
    }

    /** Sleeps {@code d}; on interrupt, keeps the flag and throws "interrupted while {@code waitingFor}". */
    public static void sleep(Duration d, String waitingFor) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManorException("interrupted while " + waitingFor);
        }
    }
}
