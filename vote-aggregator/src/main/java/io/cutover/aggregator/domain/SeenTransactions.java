package io.cutover.aggregator.domain;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The hashes of the transactions already counted, so that one delivered twice (a client retry on the
 * other proposal-service instance after a lost answer, a producer re-send after a lost acknowledgement)
 * counts once. Memory is bounded by the replay window: a hash is forgotten once the network is more
 * than two replay windows past the block height its transaction was signed at; proposal-service refuses
 * a transaction that old (STALE_BLOCK_HEIGHT), so it cannot come back. Not thread-safe.
 */
final class SeenTransactions {

    /** Hashes by the block height their transaction was signed at. */
    private final TreeMap<Long, Set<String>> byBlockHeight = new TreeMap<>();
    private final Set<String> hashes = new HashSet<>();

    /** Records the hash; false when it was recorded before (the transaction is a duplicate). */
    boolean firstTime(String txHash, long blockHeight) {
        if (!hashes.add(txHash)) {
            return false;
        }
        byBlockHeight.computeIfAbsent(blockHeight, h -> new HashSet<>()).add(txHash);
        return true;
    }

    /** Forgets the transactions signed at block heights below {@code height}. */
    void forgetBelow(long height) {
        Iterator<Map.Entry<Long, Set<String>>> old = byBlockHeight.headMap(height).entrySet().iterator();
        while (old.hasNext()) {
            hashes.removeAll(old.next().getValue());
            old.remove();
        }
    }

    /** The hashes remembered, sorted, by the block height their transaction was signed at. */
    SortedMap<Long, List<String>> byBlockHeight() {
        SortedMap<Long, List<String>> copy = new TreeMap<>();
        byBlockHeight.forEach((height, hashes) -> copy.put(height, hashes.stream().sorted().toList()));
        return copy;
    }

    int size() {
        return hashes.size();
    }
}
