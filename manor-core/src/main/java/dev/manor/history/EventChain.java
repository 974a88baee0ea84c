package dev.manor.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The hash chain of manor_events. The server computes each event's hash in its stamping trigger (see
 * {@link HistoryStore}); {@link Verifier} recomputes the same text here, so neither side trusts the other's arithmetic.
 * The hashed text is every field, each written as {@code <length>:<value>} ({@code -} for NULL) and joined by
 * {@code |}: prev_hash, seq, at (UTC, microseconds), then {@link #CONTENT_COLUMNS}.
 */
public final class EventChain {
    /** Columns hashed after prev_hash, seq and at, in this order. */
    static final List<String> CONTENT_COLUMNS = List.of("action", "migration_id", "outcome", "detail", "environment",
            "db_user", "os_user", "host", "manor_version");
    static final String SQL_TIME_FORMAT = "YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"";
    private static final DateTimeFormatter JAVA_TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private EventChain() {
    }

    /** The hash the trigger must have stored for this event after {@code previousHash}. */
    static String hash(Event e, String previousHash) {
        StringBuilder text = new StringBuilder(field(previousHash)).append('|').append(e.seq()).append('|')
                .append(JAVA_TIME_FORMAT.format(e.at()));
        for (String value : new String[] {e.action(), e.migrationId(), e.outcome(), e.detail(), e.environment(),
                e.dbUser(), e.osUser(), e.host(), e.manorVersion()}) {
            text.append('|').append(field(value));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e1) {
            throw new IllegalStateException("every Java has SHA-256", e1);
        }
    }

    private static String field(String value) {
        // char_length counts characters, as codePointCount does (String.length counts UTF-16 units)
        return value == null ? "-" : value.codePointCount(0, value.length()) + ":" + value;
    }

    /**
     * What {@code manor log --verify} found. {@code intact} with the newest chained event as the head (its number and
     * hash are what to write down elsewhere: removing events from the end of the log is visible only against them);
     * otherwise {@code brokenAt} is the first event that does not fit and {@code problem} says how.
     */
    public record Verification(boolean intact, long chained, long unchained, Long firstChained, Long headSeq,
                               String headHash, Long brokenAt, String problem) {
        static Verification empty() {
            return new Verification(true, 0, 0, null, null, null, null, null);
        }

        static Verification notChainedYet() {
            return new Verification(true, 0, 0, null, null, null, null,
                    "the log predates the hash chain; the next Manor command that writes to it starts the chain");
        }

        /** One line: what was checked, or where and how it breaks. */
        public String summary() {
            if (!intact) {
                return "broken at event #" + brokenAt + ": " + problem;
            }
            if (headSeq == null) {
                return problem != null ? problem : "the deployment log is empty";
            }
            return chained + " events chained from #" + firstChained + " to #" + headSeq + ", head hash " + headHash
                    + (unchained > 0 ? "; " + unchained + " earlier events predate the chain" : "");
        }
    }

    /** Walks the events oldest first; {@link #accept} returns false at the first one that breaks the chain. */
    static final class Verifier {
        private long chained;
        private long unchained;
        private Long firstChained;
        private Long previousSeq;
        private String previousHash;
        private Long brokenAt;
        private String problem;

        boolean accept(Event e, String prevHash, String storedHash) {
            if (storedHash == null) {
                if (firstChained != null) {
                    return broken(e, "it has no hash although the chain started at #" + firstChained
                            + " (written with the stamping trigger disabled?)");
                }
                unchained++;
                previousSeq = e.seq();
                return true;
            }
            if (firstChained == null) {
                if (prevHash != null) {
                    return broken(e, "it follows hash " + abbrev(prevHash) + ", which no event in the log has: the "
                            + "events before it were removed");
                }
                firstChained = e.seq();
            } else if (e.seq() != previousSeq + 1) {
                return broken(e, (e.seq() - previousSeq - 1) + " event(s) between #" + previousSeq + " and #"
                        + e.seq() + " are missing");
            } else if (!Objects.equals(prevHash, previousHash)) {
                return broken(e, "its previous hash is not #" + previousSeq + "'s: #" + previousSeq
                        + " was altered, or this event was put in its place");
            }
            if (!hash(e, prevHash).equals(storedHash)) {
                return broken(e, "its contents do not match its hash: it was altered after it was written");
            }
            chained++;
            previousSeq = e.seq();
            previousHash = storedHash;
            return true;
        }

        private boolean broken(Event e, String why) {
            brokenAt = e.seq();
            problem = why;
            return false;
        }

        Verification result() {
            if (brokenAt != null) {
                return new Verification(false, chained, unchained, firstChained, previousSeq, previousHash, brokenAt,
                        problem);
            }
            if (firstChained == null && unchained > 0) {
                // The columns exist, so the chain was started by a recorded event: it is gone, or hashes were erased.
                return new Verification(false, 0, unchained, null, null, null, previousSeq, "no event carries a hash "
                        + "although the log has the hash chain: its events were removed or their hashes erased");
            }
            return new Verification(true, chained, unchained, firstChained, firstChained == null ? null : previousSeq,
                    previousHash, null, null);
        }

        private static String abbrev(String hash) {
            return hash.length() > 12 ? hash.substring(0, 12) : hash;
        }
    }
}
