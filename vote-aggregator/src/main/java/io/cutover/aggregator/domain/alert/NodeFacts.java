package io.cutover.aggregator.domain.alert;

/**
 * What the alert rules know of one node: its agent's latest report.
 *
 * @param phase    the rollout phase's name without prefix (RUNNING, READY, FAILED, ...)
 * @param targetId the upgrade the agent works towards; empty when none
 */
public record NodeFacts(String chainId, String node, String phase, String targetId, String lastError) {

    boolean failed() {
        return "FAILED".equals(phase);
    }
}
