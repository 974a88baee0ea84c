/**
 * Internal: {@code manor down generate}. Builds a migration on a shadow, diffs the schema before and after, and
 * writes the inverse DDL as down.sql, or declares the migration irreversible when undoing it needs data the
 * schema does not hold. Not API: use {@link dev.manor.Manor#generateDowns}.
 */
package dev.manor.downgen;
