/**
 * Internal: Batched backfills that run after a migration's DDL committed, resumable.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.deploy.backfill;
