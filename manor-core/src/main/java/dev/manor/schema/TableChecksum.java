package dev.manor.schema;

/** A table's row count and the md5 of its rows' text, sorted (so row order on disk does not matter). */
public record TableChecksum(long rows, String md5) {
}
