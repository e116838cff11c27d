package io.cutover.localnet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cutover.core.proposal.Platform;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.RecoveryId;
import io.cutover.core.tx.Digests;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.vega.ReleaseArtifact;

/**
 * An upgrade that fails at its height, and its recovery, on a running local network: the proposers
 * approve a release that panics at the first block past the height, so the chain stops at H; then
 * they vote a hot-fix with {@code upgradectl recover}, and every agent that halted at H switches to it
 * until the chain moves again.
 */
final class RecoveryWalk {

    private static final Pattern NETWORK_HEIGHT = Pattern.compile("\"networkHeight\"\\s*:\\s*\"?(\\d+)");
    private static final Duration HALT_TIMEOUT = Duration.ofSeconds(120);

    /**
     * What one recovery took: from the first recovery vote sent to the first block past H, and the
     * first part of it, until the first agent reported RECOVERING (the votes' submission, the tally and
     * the approval reaching the agents; the rest is the agents' staging, switch and start, and one block).
     */
    record Result(String upgradeId, long height, String recoveryId, Duration voteToChainMoving, Duration voteToRecovering,
            List<String> recoveredNodes) {
    }

    private final LocalNetwork network;
    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    RecoveryWalk(LocalNetwork network) {
        this.network = network;
        this.settings = network.settings();
    }

    /**
     * Approves {@code failingTag} (which panics past its start) {@code leadBlocks} ahead, waits until
     * the network is halted at its height, votes the hot-fix {@code fixTag} and follows it until the
     * chain has passed H and every node that halted there runs the fix.
     */
    Result hotFix(String failingTag, String fixTag) throws Exception {
        Release failing = serve(failingTag, List.of("--panic-past-start"));
        long height = network.chainHeight() + settings.leadBlocks();
        String upgradeId = ProposalId.of(failingTag, height, List.of(failing.artifact()));
        step("Validators approve " + failingTag + " at height " + height + ", a release that panics past its start height");
        network.proposersRun("propose", node -> List.of("propose", "--release", failingTag, "--height", Long.toString(height),
                "--artifact", failing.option()));
        awaitHaltedAt(height);
        List<String> halted = nodesHaltedAt(height);
        step("The chain stops at " + height + " (" + String.join(", ", halted) + " halted there and the new release panics); "
                + "the validators vote the hot-fix " + fixTag);

        Release fix = serve(fixTag, List.of());
        String recoveryId = RecoveryId.hotFix(upgradeId, fixTag, List.of(fix.artifact()));
        Instant votedAt = Instant.now();
        network.proposersRun("recover", node -> List.of("recover", "--upgrade", upgradeId, "--hot-fix", fixTag, "--artifact", fix.option()));
        await("the chain to pass " + height, () -> chainHeightAbove(height));
        Duration voteToMoving = Duration.between(votedAt, Instant.now());
        await("every halted node to run " + fixTag, () -> halted.stream().allMatch(node -> runsRecovery(node, fixTag, recoveryId)));
        step("The chain moves again " + voteToMoving.toMillis() + " ms after the first recovery vote; " + String.join(", ", halted)
                + " run " + fixTag);
        Instant firstRecovering = halted.stream().map(node -> network.observer().phaseEnteredByNode().get(node))
                .map(entered -> entered.get(RolloutPhase.ROLLOUT_PHASE_RECOVERING)).filter(java.util.Objects::nonNull)
                .filter(at -> at.isAfter(votedAt)).min(Instant::compareTo).orElse(votedAt);
        return new Result(upgradeId, height, recoveryId, voteToMoving, Duration.between(votedAt, firstRecovering), halted);
    }

    /** A release of the simulated node written to the artifact folder and served by the artifact server. */
    private record Release(ReleaseArtifact artifact, String option) {
    }

    private Release serve(String tag, List<String> flags) throws Exception {
        Path launcher = network.simNodeLauncher(tag, network.runFolder().artifacts().resolve("sim-node-" + tag), flags);
        String sha256 = Digests.sha256Hex(Files.readAllBytes(launcher));
        String url = network.artifactServer().urlOf(launcher.getFileName().toString());
        ReleaseArtifact artifact = ReleaseArtifact.newBuilder().setPlatform(Platform.current()).setSha256(sha256).setUrl(url).build();
        return new Release(artifact, LocalNetwork.artifactOption(sha256, url));
    }

    /**
     * The network is halted at {@code height} as proposal-service judges it (its network height is
     * {@code height}: the state a recovery vote needs), no node has a block above it, and every
     * proposer's agent has reported its halt there.
     */
    private void awaitHaltedAt(long height) throws InterruptedException {
        List<String> proposers = java.util.stream.IntStream.range(0, settings.proposers()).mapToObj(settings::nodeName).toList();
        await("the network to halt at " + height, () -> serviceHeight().orElse(0) == height && !chainHeightAbove(height)
                && nodesHaltedAt(height).containsAll(proposers));
    }

    /** The nodes whose agents halted at {@code height} for the failing upgrade. */
    private List<String> nodesHaltedAt(long height) {
        Map<String, RolloutStatus> latest = network.observer().latestByNode();
        return latest.values().stream().filter(s -> s.getHaltedAtHeight() == height).map(RolloutStatus::getNode).sorted().toList();
    }

    private boolean runsRecovery(String node, String fixTag, String recoveryId) {
        RolloutStatus status = network.observer().latestByNode().get(node);
        return status != null && status.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING && fixTag.equals(status.getRunningRelease())
                && recoveryId.equals(status.getRecoveryId());
    }

    private boolean chainHeightAbove(long height) {
        for (int i = 0; i < settings.validators(); i++) {
            if (ChainBlocks.latestHeight(http, settings.nodePorts().get(i)).orElse(0) > height) {
                return true;
            }
        }
        return false;
    }

    private OptionalLong serviceHeight() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + settings.proposalServicePort() + "/api/v1/network")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = NETWORK_HEIGHT.matcher(response.body());
            return response.statusCode() == 200 && m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (java.io.IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + HALT_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + HALT_TIMEOUT.toSeconds() + " s for " + what + "; see the logs in "
                        + network.runFolder().logs());
            }
            Thread.sleep(200);
        }
    }

    private void step(String text) {
        network.out().println("==> " + text);
    }
}
