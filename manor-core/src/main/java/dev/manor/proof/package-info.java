/**
 * Internal: Proofs run on shadow databases: rollback round trips, fresh builds, drift checks, performance.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.proof;
