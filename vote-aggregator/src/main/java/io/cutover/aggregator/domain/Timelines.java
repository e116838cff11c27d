package io.cutover.aggregator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.protobuf.Timestamp;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.Threshold;
import io.cutover.core.outcome.RefusalReason;
import io.cutover.proto.v1.NodeTimeline;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.RolloutTimeline;
import io.cutover.proto.v1.UpgradeTimelines;

/**
 * The timelines of one upgrade (cutover.v1.UpgradeTimelines): each node's steps from the
 * {@link TimelineLog}, joined with network.toml's voting power, the moment more than the threshold
 * was back and, before it, the {@link PowerBackForecast}.
 */
public final class Timelines {

    /** A node's switch time when neither it nor any other node has one measured yet. */
    public static final Duration DEFAULT_SWITCH_TIME = Duration.ofSeconds(30);

    private Timelines() {
    }

    /** The answer to a request: the timelines, or a refusal with its reason. */
    public sealed interface Answer {
    }

    public record Found(UpgradeTimelines timelines) implements Answer {
    }

    public record Refused(RefusalReason reason, String message) implements Answer {
    }

    /**
     * @param chainId   the chain asked for: empty, or the chain served
     * @param upgradeId a proposal id, or "&lt;tag&gt;@&lt;height&gt;" for an upgrade the chain announced
     * @param proposalHeight the height of an approved proposal of that id, when there is one
     */
    public static Answer answer(String chainId, String upgradeId, NetworkOverview network, TimelineLog log, OptionalLong proposalHeight,
            BlockTime blockTime, Instant now) {
        if (!chainId.isEmpty() && !chainId.equals(network.chainId())) {
            return new Refused(RefusalReason.UNKNOWN_CHAIN, "chain " + chainId + " is not served here (this aggregator serves "
                    + network.chainId() + ")");
        }
        OptionalLong height = height(upgradeId, network, log, proposalHeight);
        if (upgradeId.isEmpty() || (height.isEmpty() && !log.knows(upgradeId))) {
            return new Refused(RefusalReason.UNKNOWN_UPGRADE, upgradeId.isEmpty() ? "no upgrade named (upgrade_id is empty)"
                    : "no upgrade " + upgradeId + " is known: no proposal of that id and no agent reported it");
        }
        return new Found(of(upgradeId, height.orElse(0), network, log, blockTime, now));
    }

    private static OptionalLong height(String upgradeId, NetworkOverview network, TimelineLog log, OptionalLong proposalHeight) {
        OptionalLong reported = log.height(upgradeId);
        if (reported.isPresent()) {
            return reported;
        }
        Optional<NetworkOverview.Upgrade> shown = network.upgrades().stream().filter(u -> u.proposalId().equals(upgradeId)).findFirst();
        return shown.map(u -> OptionalLong.of(u.height())).orElse(proposalHeight);
    }

    static UpgradeTimelines of(String upgradeId, long height, NetworkOverview network, TimelineLog log, BlockTime blockTime, Instant now) {
        Map<String, NetworkOverview.Validator> validators = network.validators().stream()
                .collect(Collectors.toMap(NetworkOverview.Validator::pubKey, Function.identity(), (a, b) -> a));
        List<RolloutStatus> reports = log.reports(upgradeId);
        UpgradeTimelines.Builder out = UpgradeTimelines.newBuilder().setChainId(network.chainId()).setUpgradeId(upgradeId).setHeight(height);
        Duration fleetSwitch = PowerBackForecast.median(log.switchTimes(upgradeId)).orElse(DEFAULT_SWITCH_TIME);
        List<PowerBackForecast.Node> nodes = new ArrayList<>();
        for (RolloutStatus r : reports) {
            long power = Optional.ofNullable(validators.get(r.getValidatorKey())).map(NetworkOverview.Validator::votingPower).orElse(0L);
            out.addNodes(NodeTimeline.newBuilder().setNode(r.getNode()).setValidatorKey(r.getValidatorKey()).setVotingPower(power)
                    .setHost(r.getHost()).setPhase(r.getPhase()).setTimeline(r.getTimeline()));
            Duration switchTime = PowerBackForecast.median(log.switchTimes(r.getNode(), upgradeId)).orElse(fleetSwitch);
            nodes.add(node(r, power, switchTime));
        }
        validators.values().stream().filter(v -> reports.stream().noneMatch(r -> r.getValidatorKey().equals(v.pubKey())))
                .forEach(v -> nodes.add(new PowerBackForecast.Node(v.name(), v.pubKey(), v.votingPower(), false, null, null, fleetSwitch)));
        PowerBackForecast.Outcome outcome = PowerBackForecast.of(nodes, threshold(network), network.totalVotingPower(),
                heightAt(height, network, reports, blockTime, now), now);
        outcome.powerBackAt().map(Timelines::timestamp).ifPresent(out::setPowerBackAt);
        outcome.forecastBackAt().map(Timelines::timestamp).ifPresent(out::setForecastBackAt);
        return out.addAllHoldingBack(outcome.holdingBack()).build();
    }

    private static PowerBackForecast.Node node(RolloutStatus r, long power, Duration switchTime) {
        RolloutTimeline t = r.getTimeline();
        boolean failed = r.getPhase() == RolloutPhase.ROLLOUT_PHASE_FAILED || r.getPhase() == RolloutPhase.ROLLOUT_PHASE_ROLLED_BACK;
        boolean ready = !failed && (t.hasVerifiedAt() || t.hasFirstBlockAt());
        return new PowerBackForecast.Node(r.getNode(), r.getValidatorKey(), power, ready,
                t.hasHaltedAt() ? TimelineLog.instant(t.getHaltedAt()) : null,
                t.hasFirstBlockAt() ? TimelineLog.instant(t.getFirstBlockAt()) : null, switchTime);
    }

    /** When the height is expected: now once the network reached it, else from the measured block time (empty without one). */
    static Optional<Instant> heightAt(long height, NetworkOverview network, List<RolloutStatus> reports, BlockTime blockTime, Instant now) {
        long networkHeight = network.networkHeightKnown() ? network.networkHeight()
                : reports.stream().mapToLong(RolloutStatus::getHeight).max().orElse(0);
        if (networkHeight >= height) {
            return Optional.of(now);
        }
        return blockTime.perBlock().map(b -> now.plus(b.multipliedBy(height - networkHeight)));
    }

    private static Threshold threshold(NetworkOverview network) {
        return new Threshold(Fraction.parse(network.approvalThreshold()).orElseThrow(),
                ApprovalRule.fromConfigName(network.approvalRule()).orElseThrow());
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
