package dev.manor.schema;

/** A table's row count and an md5 over its rows' text in a stable order. */
public record TableChecksum(long rows, String md5) {
}
