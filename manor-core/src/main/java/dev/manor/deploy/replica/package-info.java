/**
 * Internal: replica-aware deploys: the replay lag of the primary's streaming replicas, the pause of backfills
 * and no-transaction steps above a ceiling, and the wait for the replicas to catch up at the end of a deploy.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.deploy.replica;
