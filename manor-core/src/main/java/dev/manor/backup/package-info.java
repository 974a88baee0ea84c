/**
 * Internal: Backups with pg_dump, verified by a restore into a scratch database.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.backup;
