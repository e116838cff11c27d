package io.cutover.aggregator.domain.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert: raised once per event, identified by its idempotency key ({@code <chain>/<upgrade id>/<event>}, or
 * {@code <chain>/<upgrade id>/<node>/<event>} for a node), which receivers use to drop a repeat.
 *
 * @param figures the numbers behind it (height, estimated time, ready and required power, ...), in a stable order
 */
public record Alert(String key, Kind kind, String chainId, String upgradeId, String title, String text, Instant at,
        Map<String, Object> figures) {

    public Alert {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** What happened. */
    public enum Kind {
        /** An upgrade was approved by Cutover's validators. */
        APPROVED,
        /** The chain itself announced an upgrade (agents following the chain report it). */
        ANNOUNCED,
        /** An upgrade's estimated time is one of the configured leads away. */
        LEAD,
        /** An approved upgrade's ready voting power is still short of the threshold close to its time. */
        READINESS_SHORT,
        /** A node's agent reports FAILED. */
        NODE_FAILED,
        /** The network reached the upgrade height and has not moved past it for the configured time. */
        STALLED
    }
}
