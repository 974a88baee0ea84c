/**
 * Internal: {@code manor diff}, migrations generated from a declarative schema folder. The desired schema and
 * the migrations' end state are built on two shadows and snapshotted; the differences become migrations in
 * Manor's safe forms (or a hazard, named, when no safe form exists), proven by the rollback proof and the
 * analysis before they are moved into the migrations folder. Not a public API: use {@link dev.manor.Manor#diff}.
 */
package dev.manor.diff;
