package io.cutover.ctl.output;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Durations and times as an operator reads them: "3 h 12 min", "in 40 s", "2026-12-08T14:00:00Z". */
public final class Durations {

    private Durations() {
    }

    /** "2 d 3 h", "3 h 12 min", "4 min", "40 s" (whole units, the two largest that are not zero). */
    public static String words(Duration duration) {
        long seconds = Math.abs(duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        }
        return minutes > 0 ? minutes + " min" : seconds + " s";
    }

    /** "in 3 h 12 min" for a time ahead, "5 min ago" for one past. */
    public static String relative(Instant at, Instant now) {
        Duration d = Duration.between(now, at);
        return d.isNegative() ? words(d) + " ago" : "in " + words(d);
    }

    /** "+2 min", "-40 s", "0 s". */
    public static String signed(long seconds) {
        String words = words(Duration.ofSeconds(seconds));
        return seconds > 0 ? "+" + words : seconds < 0 ? "-" + words : words;
    }

    /** UTC ISO-8601 to the second. */
    public static String utc(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
