package io.cutover.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.cutover.core.proposal.ProposalId;
import io.cutover.ctl.e2e.ChildProcesses;
import io.cutover.ctl.e2e.CtlRunner;
import io.cutover.ctl.e2e.CtlRunner.Result;
import io.cutover.ctl.e2e.HeightFeed;
import io.cutover.ctl.e2e.PackagedService;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.testing.FreshBroker;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * The packaged upgradectl ({@code bin/upgradectl}) against the packaged proposal-service and
 * vote-aggregator on a real Kafka broker, as an operator uses it: four validators of equal power,
 * three approve and {@code show} sees the approval; a rejection and a withdrawal are accepted and
 * visible; every refusal the command line can provoke prints its words and reason code and ends
 * with the documented exit code; unreachable services end with 4.
 *
 * <p>The network height comes from {@code rollout.status}, where this test reports for the four
 * nodes as their rollout agents would ({@link HeightFeed}).
 */
@FreshBroker
@ExtendWith(KafkaBrokerExtension.class)
class EndToEndIT {

    private static final String CHAIN = "cutover-e2e";
    private static final long HEIGHT = 1000;
    private static final long MIN_LEAD = 20;
    private static final String SHA = "ab".repeat(32);
    private static final String ARTIFACT = "linux/amd64=" + SHA + ",http://127.0.0.1/x";
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final ChildProcesses processes = new ChildProcesses();
    private Path repository;
    private Path work;
    private KafkaBroker broker;
    private HeightFeed feed;

    @BeforeEach
    void freshWorkFolder() throws IOException {
        repository = repositoryRoot();
        work = Path.of("target", "e2e").toAbsolutePath();
        if (Files.exists(work)) {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
    }

    @AfterEach
    void stopEverythingStarted() {
        if (feed != null) {
            feed.close();
        }
        processes.stopAll();
        assertThat(processes.alive()).as("processes the test started and left running").isEmpty();
    }

    @Test
    void operatorProposesRejectsWithdrawsAndIsRefusedWithReasons(KafkaBroker broker) throws IOException {
        this.broker = broker;
        CtlRunner local = new CtlRunner(repository.resolve("bin/upgradectl"), processes, List.of());
        List<String> keys = new ArrayList<>();
        keys.add(keygen(local, "k1"));
        for (int i = 2; i <= 4; i++) {
            keys.add(keygen(local.inThisJvm(), "k" + i));
        }
        keygen(local.inThisJvm(), "stranger");
        Path toml = writeNetworkFile(keys);

        PackagedService proposals = PackagedService.start(processes, repository, "proposal-service", broker.bootstrapServers(), toml,
                work.resolve("proposal-service.log"), List.of(
                        // quick BUS_UNAVAILABLE once the broker is stopped
                        "cutover.kafka.delivery-timeout=3s",
                        // three accepted transactions per validator, and (practically) no refill: the fourth is RATE_LIMITED
                        "cutover.rate-limit.burst=3", "cutover.rate-limit.per-minute=0.001"));
        PackagedService aggregator = PackagedService.start(processes, repository, "vote-aggregator", broker.bootstrapServers(), toml,
                work.resolve("vote-aggregator.log"), List.of());
        proposals.awaitReady(Duration.ofSeconds(90));
        aggregator.awaitReady(Duration.ofSeconds(90));
        CtlRunner ctl = new CtlRunner(repository.resolve("bin/upgradectl"), processes,
                List.of("--endpoint", proposals.endpoint(), "--query-endpoint", aggregator.endpoint()));
        // the packaged command line for the first use of each command; the same command line in this
        // JVM for the checks that repeat one (each packaged run is a JVM start on a busy build machine)
        CtlRunner again = ctl.inThisJvm();

        // before any node reported a height
        Result unknownHeight = ctl.run("network");
        assertThat(unknownHeight.exitCode()).as(unknownHeight.toString()).isZero();
        assertThat(unknownHeight.stdout()).as(unknownHeight.toString()).contains("network height:   unknown");
        assertRefused(ctl.run("propose", "--key", key("k1"), "--release", "v1.1.0", "--height", "1100"),
                3, "NETWORK_HEIGHT_UNKNOWN", "does not know the network height yet");

        feed = HeightFeed.start(broker.bootstrapServers(), CHAIN, keys, "v1.0.0", HEIGHT);
        proposals.awaitJson("/api/v1/network", n -> n.path("networkHeight").asLong() == HEIGHT, SETTLE);

        Result network = ctl.run("network");
        assertThat(network.exitCode()).as(network.toString()).isZero();
        assertThat(network.stdout()).as(network.toString())
                .contains("chain id:         " + CHAIN, "current release:  v1.0.0", "network height:   " + HEIGHT,
                        "earliest upgrade height now: " + (HEIGHT + MIN_LEAD), "validators:       4, total voting power 40")
                .contains(keys);
        JsonNode networkJson = again.run("network", "-o", "json").json();
        assertThat(networkJson.path("chainId").asText()).isEqualTo(CHAIN);
        assertThat(networkJson.path("validators")).hasSize(4);

        // three of four approve v1.1.0 at the current height + 30
        long height = HEIGHT + 30;
        String id = ProposalId.of("v1.1.0", height, List.of(
                ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(SHA).setUrl("http://127.0.0.1/x").build()));
        Result first = ctl.run("propose", "--key", key("k1"), "--release", "v1.1.0", "--height", "" + height, "--artifact", ARTIFACT);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdout()).as(first.toString()).contains("Proposed v1.1.0 at height " + height + " with 1 artifact(s): accepted.",
                "proposal id: " + id, "signer:      " + keys.get(0), "chain id:    " + CHAIN + " (network height " + HEIGHT + ")");
        Result second = again.run("propose", "--key", key("k2"), "--release", "v1.1.0", "--height", "" + height, "--artifact", ARTIFACT,
                "-o", "json");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.json().path("proposalId").asText()).isEqualTo(id);
        assertThat(second.json().path("txHash").asText()).matches("[0-9a-f]{64}");
        assertThat(second.json().path("blockHeight").asLong()).isEqualTo(HEIGHT);
        awaitProposal(aggregator, id, p -> p.path("approvers").size() == 2);
        Result pending = again.run("show", id);
        assertThat(pending.exitCode()).as(pending.toString()).isZero();
        assertThat(pending.stdout()).as(pending.toString()).contains("status:     PENDING", "20/40 power (50%), needs > 2/3, 2 approver(s)");

        Result third = again.run("propose", "--key", key("k3"), "--release", "v1.1.0", "--height", "" + height, "--artifact", ARTIFACT);
        assertThat(third.exitCode()).as(third.toString()).isZero();
        awaitProposal(aggregator, id, p -> p.path("status").asText().equals("PROPOSAL_STATUS_APPROVED"));
        Result approved = again.run("show", id);
        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(approved.stdout()).as(approved.toString())
                .contains("Proposal " + id, "status:     APPROVED", "release:    v1.1.0 at height " + height, "chain id:   " + CHAIN,
                        "30/40 power (75%), needs > 2/3, 3 approver(s)", "rejecters:  none",
                        "linux/amd64  sha256 " + SHA + "  http://127.0.0.1/x")
                .contains(keys.subList(0, 3))
                .doesNotContain(keys.get(3));
        Result list = ctl.run("list", "--status", "APPROVED");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).as(list.toString()).containsPattern("(?m)^" + java.util.regex.Pattern.quote(id) + "\\s+APPROVED\\s+" + height);
        JsonNode listed = again.run("list", "--status", "approved", "-o", "json").json().path("proposals");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("proposalId").asText()).isEqualTo(id);
        assertThat(listed.get(0).path("status").asText()).isEqualTo("PROPOSAL_STATUS_APPROVED");
        assertThat(listed.get(0).path("approvingPower").asLong()).isEqualTo(30);
        Result noPending = again.run("list", "--status", "pending");
        assertThat(noPending.stdout()).as(noPending.toString()).contains("No pending proposals.");
        Result watched = ctl.run("watch", "--proposal", id, "--until", "approved");
        assertThat(watched.exitCode()).as(watched.toString()).isZero();
        assertThat(watched.stdout()).as(watched.toString()).contains(id, "APPROVED");

        // the fourth says no: accepted, visible as a rejecter, one rejection does not cancel an approval
        Result reject = ctl.run("reject", "--key", key("k4"), "--proposal", id);
        assertThat(reject.exitCode()).as(reject.toString()).isZero();
        assertThat(reject.stdout()).as(reject.toString()).contains("Rejected " + id + ": accepted.");
        awaitProposal(aggregator, id, p -> p.path("rejecters").size() == 1);
        Result rejected = again.run("show", id);
        assertThat(rejected.stdout()).as(rejected.toString()).contains("status:     APPROVED", "rejecters:  " + keys.get(3),
                "rejection:  10 of 40 voting power");

        // the fourth proposes v1.2.0, then withdraws: its proposal has no approver left
        String later = "v1.2.0@" + (height + 20);
        Result own = again.run("propose", "--key", key("k4"), "--release", "v1.2.0", "--height", "" + (height + 20));
        assertThat(own.exitCode()).as(own.toString()).isZero();
        awaitProposal(aggregator, later, p -> p.path("status").asText().equals("PROPOSAL_STATUS_PENDING"));
        Result withdraw = ctl.run("withdraw", "--key", key("k4"));
        assertThat(withdraw.exitCode()).as(withdraw.toString()).isZero();
        assertThat(withdraw.stdout()).as(withdraw.toString())
                .contains("Withdrew your votes by proposing the running release v1.0.0: accepted.");
        awaitProposal(aggregator, later, p -> p.path("status").asText().equals("PROPOSAL_STATUS_REJECTED"));
        Result withdrawn = again.run("show", later);
        assertThat(withdrawn.stdout()).as(withdrawn.toString()).contains("status:     REJECTED", "0/40 power", "approvers:  none");
        assertThat(again.run("show", id).stdout()).contains("status:     APPROVED");

        // refusals: the reason in words and its code, and the documented exit code
        assertRefused(ctl.run("propose", "--key", key("k1"), "--release", "v0.9.0", "--height", "" + height),
                3, "DOWNGRADE", "older than the one the network runs");
        assertRefused(again.run("propose", "--key", key("k1"), "--release", "v1.3.0", "--height", "" + (HEIGHT + MIN_LEAD - 1)),
                3, "HEIGHT_TOO_SOON", "too close to the network height");
        assertRefused(again.run("propose", "--key", key("k1"), "--release", "v1.3.0", "--height", "" + (HEIGHT - 5)),
                3, "HEIGHT_TOO_SOON", "too close to the network height");
        assertRefused(again.run("propose", "--key", key("stranger"), "--release", "v1.3.0", "--height", "" + height),
                3, "UNKNOWN_VALIDATOR", "your key is not a validator of this network");
        assertRefused(ctl.run("reject", "--key", key("k1"), "--proposal", "banana"),
                5, "UNKNOWN_PROPOSAL", "no proposal with this id exists");
        assertRefused(again.run("show", "v9.9.9@1"), 5, "UNKNOWN_PROPOSAL", "no proposal with this id exists");
        Result json = again.run("propose", "--key", key("k1"), "--release", "v0.9.0", "--height", "" + height, "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(3);
        assertThat(json.json().path("error").path("reason").asText()).isEqualTo("DOWNGRADE");
        assertThat(json.json().path("error").path("exitCode").asInt()).isEqualTo(3);
        assertThat(json.json().path("error").path("kind").asText()).isEqualTo("REFUSED");
        // k4 has spent its three transactions (reject, propose, withdraw)
        assertRefused(again.run("reject", "--key", key("k4"), "--proposal", later), 3, "RATE_LIMITED", "submitting too fast");
        // checked before anything is sent: a usage error
        Result notSemver = again.run("propose", "--key", key("k1"), "--release", "banana-1", "--height", "" + height);
        assertThat(notSemver.exitCode()).as(notSemver.toString()).isEqualTo(2);
        assertThat(notSemver.stderr()).as(notSemver.toString()).contains("'banana-1' is not a semantic version");
        // nothing refused changed the tally
        assertThat(again.run("list", "-o", "json").json().path("proposals")).hasSize(2);

        // the broker away: proposal-service cannot record, says so, and nothing is lost by retrying later
        feed.close();
        feed = null;
        broker.stop();
        assertRefused(ctl.run("propose", "--key", key("k1"), "--release", "v1.1.0", "--height", "" + height),
                3, "BUS_UNAVAILABLE", "nothing was recorded");

        // unreachable services
        String nobody = "127.0.0.1:" + KafkaBroker.freePort();
        Result noService = ctl.runExactly(List.of("network", "--endpoint", nobody, "--timeout", "3s"));
        assertThat(noService.exitCode()).as(noService.toString()).isEqualTo(4);
        assertThat(noService.stderr()).as(noService.toString()).contains("cannot reach proposal-service at " + nobody);
        Result noQuery = again.runExactly(List.of("show", id, "--query-endpoint", nobody, "-o", "json"));
        assertThat(noQuery.exitCode()).as(noQuery.toString()).isEqualTo(4);
        assertThat(noQuery.json().path("error").path("kind").asText()).isEqualTo("UNREACHABLE");
        ChildProcesses.stop(proposals.process());
        Result stopped = ctl.run("propose", "--key", key("k1"), "--release", "v1.1.0", "--height", "" + height);
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(4);
        assertThat(stopped.stderr()).as(stopped.toString()).contains("cannot reach proposal-service at " + proposals.endpoint());
    }

    private static void assertRefused(Result result, int exitCode, String reason, String words) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.stderr()).as(result.toString()).contains(words, "(reason " + reason + ")");
        assertThat(result.stdout()).as(result.toString()).isEmpty();
    }

    private static void awaitProposal(PackagedService aggregator, String id, Predicate<JsonNode> condition) {
        aggregator.awaitJson("/api/v1/proposals/" + URLEncoder.encode(id, StandardCharsets.UTF_8), condition, SETTLE);
    }

    /** Makes a key with the packaged command line; returns its public key. */
    private String keygen(CtlRunner ctl, String name) {
        Result result = ctl.runExactly(List.of("keygen", "--out", key(name), "-o", "json"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String pubKey = result.json().path("pubKey").asText();
        assertThat(pubKey).matches("[0-9a-f]{64}");
        return pubKey;
    }

    private String key(String name) {
        return work.resolve("keys").resolve(name + ".key").toString();
    }

    private Path writeNetworkFile(List<String> keys) throws IOException {
        StringBuilder toml = new StringBuilder("chain_id = \"" + CHAIN + "\"\ncurrent_release = \"v1.0.0\"\n"
                + "approval_threshold = \"2/3\"\napproval_rule = \"greater\"\nmin_lead_blocks = " + MIN_LEAD
                + "\nreplay_window_blocks = 150\n");
        for (int i = 0; i < keys.size(); i++) {
            toml.append("\n[[validators]]\nname = \"validator-").append(i + 1).append("\"\npub_key = \"").append(keys.get(i))
                    .append("\"\nvoting_power = 10\n");
        }
        Path file = work.resolve("network.toml");
        Files.writeString(file, toml);
        return file;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/upgradectl"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("bin/upgradectl not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
