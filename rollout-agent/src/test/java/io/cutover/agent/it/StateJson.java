package io.cutover.agent.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fields of one reading of an agent's {@code state.json}. Tests assert on the reading they waited
 * for, not on a later one, so every method takes the text of a single reading.
 */
public final class StateJson {

    private static final Pattern PHASE = Pattern.compile("\"phase\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern LAST_SEEN_HEIGHT = Pattern.compile("\"lastSeenHeight\"\\s*:\\s*(\\d+)");
    private static final Pattern HALTED_AT_HEIGHT = Pattern.compile("\"haltedAtHeight\"\\s*:\\s*(\\d+)");
    private static final Pattern RUNNING_RELEASE = Pattern.compile("\"runningRelease\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern LAST_ERROR = Pattern.compile("\"lastError\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private StateJson() {
    }

    /** The phase, or "" when the reading has none (the file was not written yet). */
    public static String phaseOf(String state) {
        return group(PHASE, state, "");
    }

    /** The highest height the agent saw, or 0. */
    public static long lastSeenHeightOf(String state) {
        return Long.parseLong(group(LAST_SEEN_HEIGHT, state, "0"));
    }

    /** The height the agent last halted its node at for an upgrade, or 0. */
    public static long haltedAtHeightOf(String state) {
        return Long.parseLong(group(HALTED_AT_HEIGHT, state, "0"));
    }

    /** The release folder the node runs, or "". */
    public static String runningReleaseOf(String state) {
        return group(RUNNING_RELEASE, state, "");
    }

    /** The last error as written (JSON escapes kept), or "". */
    public static String lastErrorOf(String state) {
        return group(LAST_ERROR, state, "");
    }

    private static String group(Pattern pattern, String state, String none) {
        Matcher m = pattern.matcher(state);
        return m.find() ? m.group(1) : none;
    }
}
