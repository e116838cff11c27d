package io.cutover.simnode.consensus;

/**
 * What a simulated node's application tells the consensus, and what the consensus tells it: the
 * node commits a block only through {@link #commit}, and goes past its latest block only while
 * {@link #stopReason()} is null.
 */
public interface Application {

    /** Why this node takes no block after its latest one (halted at an upgrade height...), or null when it does. */
    String stopReason();

    /** Commits {@code block} (the next height) to the application's state. */
    void commit(Block block);

    /** The upgrade height this node knows (the last block of the old release), or 0. */
    long upgradeHeight();

    /** The release in force after {@link #upgradeHeight()} when the node was told it, else null (any release more than 2/3 agree on). */
    String releaseAfterUpgrade();
}
