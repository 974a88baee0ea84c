/**
 * Internal: Migration folders on disk: parsing, SQL splitting, directives. {@link dev.manor.migration.Migration} and {@link dev.manor.migration.MigrationFormatException} appear in {@link dev.manor.Manor}'s API.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.migration;
