package dev.manor.gate;

import java.time.Duration;

/** Durations as a person reads them in a refusal: "12 min", "3 h 5 min", "2 days". */
final class Ages {
    private Ages() {
    }

    static String describe(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 1) {
            return Math.max(0, d.toSeconds()) + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return minutes / (24 * 60) + " days";
    }
}
