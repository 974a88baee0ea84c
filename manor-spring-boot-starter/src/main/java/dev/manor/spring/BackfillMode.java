package dev.manor.spring;

/** When a start-up deploy runs the migrations' backfills. */
public enum BackfillMode {
    /** Start-up waits for every migration and every backfill (the default). */
    BLOCKING,
    /**
     * Start-up applies migrations up to and including the DDL of the first one with a backfill; once the
     * application is ready, a background thread runs that backfill and deploys the rest.
     */
    BACKGROUND
}
