package io.cutover.localnet;

/**
 * How the new release reaches the nodes, and in which order each agent works: what the chain-downtime
 * benchmark varies (the local network itself uses {@link #DEFAULT}).
 *
 * @param paddingMiB         incompressible bytes packed beside the binary in a zip (0: the bare launcher)
 * @param linkBytesPerSecond the artifact server's download speed (0: no limit)
 * @param staging            the agents' {@code [upgrade] staging}: {@code early} or {@code at-halt}
 * @param agentPollMillis    the agents' {@code [node] pollIntervalMillis}: how soon each sees its node at the height
 */
record ReleaseDelivery(int paddingMiB, long linkBytesPerSecond, String staging, long agentPollMillis) {

    static final ReleaseDelivery DEFAULT = new ReleaseDelivery(0, 0, "early", 50);
}
