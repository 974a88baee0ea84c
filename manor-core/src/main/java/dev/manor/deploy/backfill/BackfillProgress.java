package dev.manor.deploy.backfill;

/**
 * Where a running backfill stands, sent to the listener after every batch.
 *
 * @param table        the table being updated
 * @param rowsUpdated  rows updated so far, earlier interrupted runs included
 * @param keysWalked   keys covered by this run's batches
 * @param keysTotal    keys this run has to cover: the planner's estimate when it started, or a count (at least
 *                     the keys walked so far)
 * @param batchSize    current batch size (changes when adaptive)
 * @param elapsedMs    since this run started
 * @param resumed      this run continues an interrupted one
 */
public record BackfillProgress(String table, long rowsUpdated, long keysWalked, long keysTotal, int batchSize,
                               long elapsedMs, boolean resumed) {
    /** Keys covered per second in this run. */
    public double keysPerSecond() {
        return elapsedMs == 0 ? 0 : keysWalked * 1000.0 / elapsedMs;
    }
}
