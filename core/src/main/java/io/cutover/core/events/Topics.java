package io.cutover.core.events;

/** Cutover's Kafka topics and their keys (DESIGN.md, "Kafka topics"). */
public final class Topics {

    /** Accepted transactions, key = chain id, one partition per network. */
    public static final String TRANSACTIONS = "upgrade.transactions";
    /** Every proposal status change, key = "&lt;chain&gt;/&lt;proposal id&gt;", compacted. */
    public static final String PROPOSALS = "upgrade.proposals";
    /** Approved (or cancelled) upgrades with their quorum certificate, key = "&lt;chain&gt;/&lt;height&gt;", compacted. */
    public static final String APPROVALS = "upgrade.approvals";
    /** Rollout agents' reports, key = "&lt;chain&gt;/&lt;node&gt;", compacted. */
    public static final String ROLLOUT_STATUS = "rollout.status";

    private Topics() {
    }

    public static String transactionKey(String chainId) {
        return chainId;
    }

    public static String proposalKey(String chainId, String proposalId) {
        return chainId + "/" + proposalId;
    }

    public static String approvalKey(String chainId, long height) {
        return chainId + "/" + Long.toUnsignedString(height);
    }

    public static String rolloutStatusKey(String chainId, String node) {
        return chainId + "/" + node;
    }
}
