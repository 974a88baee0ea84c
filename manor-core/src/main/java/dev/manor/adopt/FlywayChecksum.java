package dev.manor.adopt;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flyway's checksum of a SQL migration: a CRC-32 fed the UTF-8 bytes of each line without its line ending (the
 * file read line by line, a byte-order mark dropped), stored as a signed 32-bit integer. Line endings therefore do
 * not count, and neither do empty lines.
 */
final class FlywayChecksum {
    private FlywayChecksum() {
    }

    static int of(String script) {
        String text = script.startsWith("\uFEFF") ? script.substring(1) : script;
        CRC32 crc = new CRC32();
        text.lines().forEach(line -> crc.update(line.getBytes(StandardCharsets.UTF_8)));
        return (int) crc.getValue();
    }
}
