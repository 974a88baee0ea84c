/**
 * Internal: The traffic guard: watches sessions blocked behind a migration and cancels it when they wait too long.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.deploy.guard;
