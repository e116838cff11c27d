package io.cutover.aggregator.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RolloutStatus;

/**
 * What the query API shows: the latest committed state of every proposal and the latest report of
 * every agent. Updated only after a Kafka transaction committed, so readers never see an event that
 * could still be rolled back. Watchers get the current proposals, then every change, without a gap.
 */
public final class ProposalBoard {

    /** A live view's subscription; {@link #close()} ends it. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<String, Proposal> proposals = new LinkedHashMap<>();
    private final Map<String, RolloutStatus> agents = new TreeMap<>();
    private final List<Consumer<Proposal>> proposalWatchers = new CopyOnWriteArrayList<>();
    private final List<Consumer<RolloutStatus>> agentWatchers = new CopyOnWriteArrayList<>();

    public synchronized Optional<Proposal> proposal(String id) {
        return Optional.ofNullable(proposals.get(id));
    }

    /** Proposals in the order they appeared; an unspecified status lists all. */
    public synchronized List<Proposal> proposals(ProposalStatus status) {
        return proposals.values().stream().filter(p -> matches(status, p)).toList();
    }

    /** The recoveries of {@code upgradeId} (proposals whose recovery block names it), in the order they appeared. */
    public synchronized List<Proposal> recoveries(String upgradeId) {
        return proposals.values().stream().filter(p -> p.hasRecovery() && p.getRecovery().getUpgradeId().equals(upgradeId)).toList();
    }

    public synchronized List<RolloutStatus> agents() {
        return List.copyOf(agents.values());
    }

    public synchronized Map<ProposalStatus, Long> countByStatus() {
        Map<ProposalStatus, Long> counts = new LinkedHashMap<>();
        proposals.values().forEach(p -> counts.merge(p.getStatus(), 1L, Long::sum));
        return counts;
    }

    /** Replaces everything (after a rebuild); watchers see each proposal that changed. */
    public synchronized void reset(Collection<Proposal> all, Collection<RolloutStatus> latestAgents) {
        List<Proposal> changed = new ArrayList<>();
        for (Proposal p : all) {
            if (!p.equals(proposals.get(p.getProposalId()))) {
                changed.add(p);
            }
        }
        proposals.clear();
        all.forEach(p -> proposals.put(p.getProposalId(), p));
        agents.clear();
        latestAgents.forEach(a -> agents.put(a.getNode(), a));
        changed.forEach(p -> proposalWatchers.forEach(w -> w.accept(p)));
    }

    public synchronized void publish(List<Proposal> changedProposals, List<RolloutStatus> reports) {
        for (Proposal p : changedProposals) {
            proposals.put(p.getProposalId(), p);
            proposalWatchers.forEach(w -> w.accept(p));
        }
        for (RolloutStatus r : reports) {
            agents.put(r.getNode(), r);
            agentWatchers.forEach(w -> w.accept(r));
        }
    }

    /** Sends the current proposals matching {@code status}, then every matching change. */
    public synchronized Watch watchProposals(ProposalStatus status, Consumer<Proposal> watcher) {
        proposals(status).forEach(watcher);
        Consumer<Proposal> filtered = p -> {
            if (matches(status, p)) {
                watcher.accept(p);
            }
        };
        proposalWatchers.add(filtered);
        return () -> proposalWatchers.remove(filtered);
    }

    public synchronized Watch watchAgents(Consumer<RolloutStatus> watcher) {
        agents.values().forEach(watcher);
        agentWatchers.add(watcher);
        return () -> agentWatchers.remove(watcher);
    }

    private static boolean matches(ProposalStatus status, Proposal p) {
        return status == ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED || p.getStatus() == status;
    }
}
