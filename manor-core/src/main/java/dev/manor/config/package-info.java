/**
 * Internal: Settings: manor.toml, environments, connection settings, timeouts. {@link dev.manor.config.ConnectionSettings}, {@link dev.manor.config.Database}, {@link dev.manor.config.RetryPolicy} and {@link dev.manor.config.ManorConfig} appear in {@link dev.manor.Manor}'s API.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.config;
