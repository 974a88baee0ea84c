/**
 * Internal: finds out whether Manor's connections go through a pooler in transaction or statement mode
 * (PgBouncer), where its session-level work (the deploy lock, the no-transaction journal, session SETs) would not
 * hold.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.deploy.pooler;
