/**
 * Internal: change plans. One logical schema change ({@code make-required}, {@code rename-column}, ...) planned as
 * an ordered sequence of migrations in safe forms, each with its down script, and later steps gated across deploys.
 * One {@link dev.manor.change.ChangeKind} per file; {@link dev.manor.change.ChangePlans} lists them and
 * {@link dev.manor.change.ChangePlanWriter} writes a plan's migration folders.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.change;
