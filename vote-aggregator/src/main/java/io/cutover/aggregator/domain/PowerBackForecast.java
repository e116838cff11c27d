package io.cutover.aggregator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.cutover.core.network.Threshold;

/**
 * When more than the threshold of the voting power was back on an upgrade's new release, and before
 * that, when it is expected and who would hold it back.
 *
 * A validator is back at its node's first block above the height. The power is back at the first
 * moment the validators back by then hold power that meets the threshold. Until then each ready node
 * is expected back at its halt (or, not halted yet, the height's estimated time, or now once the
 * height passed) plus its switch time, and never before now; a node already back counts at its time.
 * The forecast is the moment the power of the nodes expected back, in the order of their expected
 * times, first meets the threshold. Holding it back: the validators not ready (they are not counted), and
 * the slowest node the threshold needs (the one whose expected time is the forecast).
 */
public final class PowerBackForecast {

    private PowerBackForecast() {
    }

    /**
     * One validator's node in one upgrade.
     *
     * @param ready      the release is staged and verified (or the node is already back); false also for a node that failed
     * @param haltedAt   when the node stopped at the height, or null
     * @param backAt     when the node was first seen on a block above the height, or null
     * @param switchTime how long it is expected to take from its halt to its first block
     */
    public record Node(String name, String validatorKey, long power, boolean ready, Instant haltedAt, Instant backAt,
            Duration switchTime) {
    }

    /** {@code holdingBack} is empty once the power is back. */
    public record Outcome(Optional<Instant> powerBackAt, Optional<Instant> forecastBackAt, List<String> holdingBack) {

        public Outcome {
            holdingBack = List.copyOf(holdingBack);
        }
    }

    private record Expected(Node node, Instant at) {
    }

    /**
     * @param heightAt when the upgrade height is expected (empty when unknown: nodes not halted yet cannot be forecast)
     */
    public static Outcome of(List<Node> nodes, Threshold threshold, long totalPower, Optional<Instant> heightAt, Instant now) {
        List<Expected> back = nodes.stream().filter(n -> n.backAt() != null).map(n -> new Expected(n, n.backAt())).toList();
        Optional<Expected> powerBack = firstMeeting(back, threshold, totalPower);
        if (powerBack.isPresent()) {
            return new Outcome(Optional.of(powerBack.get().at()), Optional.empty(), List.of());
        }
        List<Expected> expected = new ArrayList<>(back);
        List<String> holdingBack = new ArrayList<>();
        for (Node n : nodes) {
            if (n.backAt() != null) {
                continue;
            }
            if (!n.ready()) {
                if (n.power() > 0) {
                    holdingBack.add(n.name());
                }
                continue;
            }
            Optional<Instant> from = n.haltedAt() != null ? Optional.of(n.haltedAt()) : heightAt.map(h -> h.isBefore(now) ? now : h);
            from.map(f -> f.plus(n.switchTime())).map(at -> at.isBefore(now) ? now : at).ifPresent(at -> expected.add(new Expected(n, at)));
        }
        holdingBack.sort(Comparator.naturalOrder());
        Optional<Expected> forecast = firstMeeting(expected, threshold, totalPower);
        forecast.filter(f -> f.node().backAt() == null).ifPresent(f -> holdingBack.add(f.node().name()));
        return new Outcome(Optional.empty(), forecast.map(Expected::at), holdingBack);
    }

    /** The first of {@code expected}, in time order, at which the distinct validators counted so far meet the threshold. */
    private static Optional<Expected> firstMeeting(List<Expected> expected, Threshold threshold, long totalPower) {
        Set<String> counted = new HashSet<>();
        long power = 0;
        for (Expected e : expected.stream().sorted(Comparator.comparing(Expected::at).thenComparing(e -> e.node().name())).toList()) {
            if (counted.add(e.node().validatorKey())) {
                power += e.node().power();
            }
            if (threshold.isMetBy(power, totalPower)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The median of {@code times} (the mean of the two middle ones for an even count); empty for none. */
    public static Optional<Duration> median(List<Duration> times) {
        if (times.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = times.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return Optional.of(sorted.size() % 2 == 1 ? sorted.get(mid) : sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2));
    }
}
