package dev.manor.deploy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Work started on another core while this thread waits for the database (a login, the deploy lock) or does other
 * work, then joined with its failure rethrown as it was thrown, not wrapped.
 */
public final class Background {
    private Background() {
    }

    /**
     * Runs {@code work} on a thread of its own (a daemon), not in the common fork-join pool: in an application
     * that embeds Manor that pool may be busy with the application's own tasks, and the caller would wait for them.
     */
    public static <T> CompletableFuture<T> start(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, task -> {
            Thread t = new Thread(task, "manor-background");
            t.setDaemon(true);
            t.start();
        });
    }

    public static <T> T join(CompletableFuture<T> started) {
        try {
            return started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
