package io.cutover.simnode.consensus;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Log lines about a lasting condition (waiting for peers, a wrong release, a peer answering
 * garbage): written when the message for its key changes, else at most once per period.
 */
final class Notes {

    private record Last(String message, long atMillis) {
    }

    private final PrintStream log;
    private final long periodMillis;
    private final Map<String, Last> last = new HashMap<>();

    Notes(PrintStream log, long periodMillis) {
        this.log = log;
        this.periodMillis = periodMillis;
    }

    synchronized void note(String key, String message) {
        long now = System.currentTimeMillis();
        Last previous = last.get(key);
        if (previous == null || !previous.message().equals(message) || now - previous.atMillis() >= periodMillis) {
            log.println(message);
            last.put(key, new Last(message, now));
        }
    }

    /** Forgets a condition, so that it is logged at once when it comes back. */
    synchronized boolean clear(String key) {
        return last.remove(key) != null;
    }
}
