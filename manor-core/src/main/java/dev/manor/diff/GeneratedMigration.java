package dev.manor.diff;

/**
 * One migration {@code manor diff} writes: its name (lower_snake), scripts, and the one-line reason for its form.
 * {@code backfill} and {@code verify} may be null.
 */
public record GeneratedMigration(String name, String why, String up, String down, String backfill, String verify) {
}
