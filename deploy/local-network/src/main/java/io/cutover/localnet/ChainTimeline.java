package io.cutover.localnet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cutover.proto.v1.RolloutPhase;

/**
 * The upgrade as the chain lived it: its last block on the old release (height H), its first on the
 * new one (H+1), each node's halt and switch as its agent reported them, and when more than 2/3 of
 * the voting power was back on the new release. Times are relative to block H's timestamp.
 */
record ChainTimeline(Optional<ChainBlocks.Block> lastOld, Optional<ChainBlocks.Block> firstNew, List<NodeSwitch> nodes,
        Optional<NodeSwitch> quorumBack) {

    /** One node's upgrade: stopped at H (its agent entered SWITCHING), new release started (STARTING), past H (RUNNING). */
    record NodeSwitch(String node, Optional<Instant> stopped, Optional<Instant> started, Optional<Instant> running) {
    }

    /**
     * @param blocks     blocks H and H+1 as a node holds them (empty when no node answered)
     * @param entered    when each node last entered each phase it reported
     * @param power      each validator's voting power
     */
    static ChainTimeline of(long upgradeHeight, List<ChainBlocks.Block> blocks, Map<String, Map<RolloutPhase, Instant>> entered,
            List<String> nodeNames, long power) {
        Optional<ChainBlocks.Block> lastOld = blocks.stream().filter(b -> b.height() == upgradeHeight).findFirst();
        Optional<ChainBlocks.Block> firstNew = blocks.stream().filter(b -> b.height() == upgradeHeight + 1).findFirst();
        List<NodeSwitch> nodes = new ArrayList<>();
        for (String node : nodeNames) {
            Map<RolloutPhase, Instant> phases = entered.getOrDefault(node, Map.of());
            nodes.add(new NodeSwitch(node, Optional.ofNullable(phases.get(RolloutPhase.ROLLOUT_PHASE_SWITCHING)),
                    Optional.ofNullable(phases.get(RolloutPhase.ROLLOUT_PHASE_STARTING)),
                    Optional.ofNullable(phases.get(RolloutPhase.ROLLOUT_PHASE_RUNNING))));
        }
        long total = power * nodeNames.size();
        List<NodeSwitch> byStart = nodes.stream().filter(n -> n.started().isPresent())
                .sorted(Comparator.comparing(n -> n.started().orElseThrow())).toList();
        Optional<NodeSwitch> quorumBack = Optional.empty();
        for (int i = 0; i < byStart.size(); i++) {
            if (3 * power * (i + 1) > 2 * total) {
                quorumBack = Optional.of(byStart.get(i));
                break;
            }
        }
        return new ChainTimeline(lastOld, firstNew, nodes, quorumBack);
    }

    /** The chain's downtime: block H's timestamp to block H+1's (network-wide: the proposers' clocks). */
    Optional<Duration> downtime() {
        return lastOld.flatMap(h -> firstNew.map(next -> Duration.between(h.time(), next.time())));
    }

    /** Whatever contradicts one chain halting at H together and resuming only with more than 2/3 back. */
    List<String> problems(String oldRelease, String newRelease) {
        List<String> problems = new ArrayList<>();
        if (lastOld.isEmpty() || firstNew.isEmpty()) {
            problems.add("no node answered with blocks H and H+1 of the chain");
            return problems;
        }
        if (!lastOld.get().release().equals(oldRelease)) {
            problems.add("block " + lastOld.get().height() + " was made by " + lastOld.get().release() + ", not by " + oldRelease);
        }
        if (!firstNew.get().release().equals(newRelease)) {
            problems.add("block " + firstNew.get().height() + " was made by " + firstNew.get().release() + ", not by " + newRelease);
        }
        if (quorumBack.isEmpty()) {
            problems.add("the chain made block " + firstNew.get().height() + " although no more than 2/3 of the power reported "
                    + newRelease + " started");
        } else if (firstNew.get().time().isBefore(quorumBack.get().started().orElseThrow())) {
            problems.add("block " + firstNew.get().height() + " is older than the start of the release that made 2/3 of the power");
        }
        return problems;
    }

    /** The summary's chain lines and one line per node. */
    String text(long blockIntervalMillis) {
        if (lastOld.isEmpty() || firstNew.isEmpty()) {
            return "chain: blocks H and H+1 not read (no node answered)\n";
        }
        ChainBlocks.Block h = lastOld.get();
        ChainBlocks.Block next = firstNew.get();
        StringBuilder text = new StringBuilder(String.format(
                "chain: block %d on %s at %s, block %d on %s at %s: chain downtime %,d ms (block interval %d ms)%n",
                h.height(), h.release(), h.time(), next.height(), next.release(), next.time(),
                downtime().orElseThrow().toMillis(), blockIntervalMillis));
        quorumBack.ifPresent(q -> text.append(String.format(
                "more than 2/3 of the voting power back on the new release at %s (%s, the start that made it), block %d signed by %s%n",
                relative(q.started()), q.node(), next.height(), String.join(", ", next.signers()))));
        text.append(String.format("%-16s %-16s %-16s %-16s%n", "node", "stopped at H", "new release up", "past H"));
        for (NodeSwitch n : nodes) {
            text.append(String.format("%-16s %-16s %-16s %-16s%n", n.node(), relative(n.stopped()), relative(n.started()),
                    relative(n.running())));
        }
        return text.toString();
    }

    /** {@code +1,234 ms} after block H's timestamp, or {@code -} when it did not happen. */
    private String relative(Optional<Instant> at) {
        return at.map(t -> String.format("%+,d ms", Duration.between(lastOld.orElseThrow().time(), t).toMillis())).orElse("-");
    }
}
