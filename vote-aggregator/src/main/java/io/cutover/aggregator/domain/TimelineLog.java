package io.cutover.aggregator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import com.google.protobuf.Timestamp;

import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.RolloutTimeline;

/**
 * Every node's timeline per upgrade, from the rollout.status reports: a node's record moves on to
 * its next upgrade, so the last report of each node for each upgrade is kept here (the latest
 * {@value #UPGRADES} upgrades, in memory). Past upgrades give each node's measured switch times.
 */
public final class TimelineLog {

    static final int UPGRADES = 64;

    private final Map<String, Map<String, RolloutStatus>> byUpgrade = new LinkedHashMap<>();
    private final Map<String, Long> heights = new LinkedHashMap<>();

    public synchronized void record(RolloutStatus report) {
        String upgrade = report.getTimeline().getUpgradeId();
        if (upgrade.isEmpty()) {
            return;
        }
        byUpgrade.computeIfAbsent(upgrade, id -> new TreeMap<>()).put(report.getNode(), report);
        if (report.getTargetProposalId().equals(upgrade) && report.getTargetHeight() > 0) {
            heights.put(upgrade, report.getTargetHeight());
        }
        while (byUpgrade.size() > UPGRADES) {
            String oldest = byUpgrade.keySet().iterator().next();
            byUpgrade.remove(oldest);
            heights.remove(oldest);
        }
    }

    /** The last report of each node for {@code upgradeId} (each carrying its timeline of it), by node name. */
    public synchronized List<RolloutStatus> reports(String upgradeId) {
        return List.copyOf(byUpgrade.getOrDefault(upgradeId, Map.of()).values());
    }

    public synchronized boolean knows(String upgradeId) {
        return byUpgrade.containsKey(upgradeId);
    }

    /** The upgrade's height as the agents reported it while it was their target. */
    public synchronized OptionalLong height(String upgradeId) {
        Long h = heights.get(upgradeId);
        return h == null ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /** How long {@code node} took from its halt to its first block on the new release, in every other upgrade it completed. */
    public synchronized List<Duration> switchTimes(String node, String exceptUpgrade) {
        List<Duration> times = new ArrayList<>();
        byUpgrade.forEach((upgrade, nodes) -> {
            RolloutStatus report = nodes.get(node);
            if (!upgrade.equals(exceptUpgrade) && report != null) {
                switchTime(report.getTimeline()).ifPresent(times::add);
            }
        });
        return times;
    }

    /** The switch times of every node in every upgrade other than {@code exceptUpgrade}. */
    public synchronized List<Duration> switchTimes(String exceptUpgrade) {
        List<Duration> times = new ArrayList<>();
        byUpgrade.forEach((upgrade, nodes) -> {
            if (!upgrade.equals(exceptUpgrade)) {
                nodes.values().forEach(r -> switchTime(r.getTimeline()).ifPresent(times::add));
            }
        });
        return times;
    }

    private static Optional<Duration> switchTime(RolloutTimeline t) {
        if (!t.hasHaltedAt() || !t.hasFirstBlockAt()) {
            return Optional.empty();
        }
        Duration d = Duration.between(instant(t.getHaltedAt()), instant(t.getFirstBlockAt()));
        return d.isNegative() ? Optional.empty() : Optional.of(d);
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
