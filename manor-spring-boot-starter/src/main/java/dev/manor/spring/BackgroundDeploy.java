package dev.manor.spring;

import dev.manor.Manor;

import java.time.Instant;

/**
 * The deploy that finishes in the background ({@code manor.backfills=background}): the backfills start-up left and
 * the migrations after them. A failure is logged and shown by the actuator endpoint; the application keeps running
 * and the next start-up (or {@code manor deploy}) resumes where it stopped.
 */
public final class BackgroundDeploy {
    /** Where the background deploy is. */
    public enum State { NOT_NEEDED, WAITING_FOR_READY, RUNNING, DONE, FAILED }

    private final Manor manor;
    private volatile State state = State.NOT_NEEDED;
    private volatile String error;
    private volatile Instant finishedAt;
    private Thread thread;

    BackgroundDeploy(Manor manor) {
        this.manor = manor;
    }

    public State state() {
        return state;
    }

    /** The one-line reason of a failed background deploy, else null. */
    public String error() {
        return error;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    void needed() {
        state = State.WAITING_FOR_READY;
    }

    synchronized void start() {
        if (state != State.WAITING_FOR_READY) {
            return;
        }
        state = State.RUNNING;
        thread = new Thread(this::run, "manor-background-deploy");
        thread.setDaemon(true); // stopping mid-backfill is safe: the next deploy resumes after the last batch
        thread.start();
    }

    private void run() {
        try {
            manor.deploy();
            state = State.DONE;
            StarterLog.info("Background deploy finished: the database is up to date");
        } catch (RuntimeException e) {
            error = e.getMessage();
            state = State.FAILED;
            StarterLog.error("Background deploy failed: " + e.getMessage()
                    + " (the next start-up or 'manor deploy' resumes it)");
        } finally {
            finishedAt = Instant.now();
        }
    }

    /** Waits until the background deploy ends; true when it is not running. */
    public boolean await(long millis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(millis);
        }
        return state != State.RUNNING;
    }

    synchronized void stop() {
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
        }
    }
}
