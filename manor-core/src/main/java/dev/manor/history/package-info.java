/**
 * Internal: The deployment history and event log kept in the database. {@link dev.manor.history.StatusReport} and {@link dev.manor.history.Event} appear in {@link dev.manor.Manor}'s API.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.history;
