/**
 * Internal: Alerts (webhook, command) on failed, cancelled or overdue migrations.
 * <p>
 * Not part of Manor's public API, which is the package {@code dev.manor}; classes here may change or move without
 * notice. Types named in that API's signatures keep working as documented there.
 */
package dev.manor.deploy.alert;
