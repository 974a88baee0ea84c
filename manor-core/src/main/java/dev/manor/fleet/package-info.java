/**
 * Internal: fleet deploys behind {@link dev.manor.Fleet}: reading a fleet file or catalog query, the canary and the
 * waves, and the fleet status. May change without notice.
 */
package dev.manor.fleet;
