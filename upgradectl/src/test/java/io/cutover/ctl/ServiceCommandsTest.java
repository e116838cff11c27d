package io.cutover.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.Code;

import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.tx.Digests;
import io.cutover.core.tx.SignedMessage;
import io.cutover.core.tx.VegaSignatures;
import io.cutover.ctl.FakeCutoverServer.Refusal;
import io.cutover.ctl.keys.KeyFile;
import io.cutover.ctl.keys.ValidatorKey;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.TxVersion;

/** upgradectl against a real gRPC server on loopback: what it sends, prints, and exits with. */
class ServiceCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeCutoverServer server;

    @TempDir
    static Path dir;
    static Path keyFile;
    static ValidatorKey key;

    @BeforeAll
    static void start() {
        server = FakeCutoverServer.start();
        key = ValidatorKey.generate();
        keyFile = dir.resolve("validator.key");
        KeyFile.write(keyFile, key, false);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.received.clear();
        server.proposals.clear();
        server.watchScript.clear();
        server.chainsNamed.clear();
    }

    @Test
    void chainIsSentWithTheNetworkInformationATransactionIsBuiltFromAndWithEveryQuery() throws Exception {
        server.proposals.put("v1.1.0@1200", Proposal.newBuilder().setProposalId("v1.1.0@1200").build());

        assertThat(run("propose", "--chain", "chain-b", "--release", "v1.1.0", "--height", "1200").exitCode()).isZero();
        assertThat(run("reject", "--chain", "chain-b", "--proposal", "v1.1.0@1200").exitCode()).isZero();
        assertThat(run("network", "--chain", "chain-b").exitCode()).isZero();
        assertThat(run("list", "--chain", "chain-b").exitCode()).isZero();
        assertThat(run("show", "--chain", "chain-b", "v1.1.0@1200").exitCode()).isZero();

        assertThat(server.chainsNamed).containsExactly("GetNetworkInfo chain-b", "GetNetworkInfo chain-b", "GetNetworkInfo chain-b",
                "ListProposals chain-b", "GetProposal chain-b");
    }

    @Test
    void withoutChainNoneIsNamedAndTheServiceAnswersForItsOnlyNetwork() throws Exception {
        assertThat(run("list").exitCode()).isZero();
        assertThat(run("network").exitCode()).isZero();

        assertThat(server.chainsNamed).containsExactly("ListProposals ", "GetNetworkInfo ");
    }

    @Test
    void aChainTheServiceDoesNotServeExitsNotFoundAndSaysWhy() throws Exception {
        server.failNextQuery(com.google.rpc.Status.newBuilder().setCode(com.google.rpc.Code.NOT_FOUND_VALUE).setMessage("not served")
                .addDetails(com.google.protobuf.Any.pack(com.google.rpc.ErrorInfo.newBuilder().setReason("UNKNOWN_CHAIN").setDomain("cutover.io").build()))
                .build());

        Cli.Result result = run("list", "--chain", "nobody");

        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(result.getErrorOutput()).contains("UNKNOWN_CHAIN", "does not serve that chain id");
    }

    private Cli.Result run(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--endpoint";
        all[args.length + 1] = server.endpoint();
        all[args.length + 2] = "--query-endpoint";
        all[args.length + 3] = server.endpoint();
        all[args.length + 4] = "--key";
        all[args.length + 5] = keyFile.toString();
        return Cli.run(all);
    }

    @Test
    void proposeSignsAV3TransactionForTheNetworkAndPrintsIdAndHash() throws Exception {
        Cli.Result result = run("propose", "--release", "v1.1.0", "--height", "1200");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        Transaction tx = onlyTransaction();
        assertThat(tx.getVersion()).isEqualTo(TxVersion.TX_VERSION_V3);
        assertThat(tx.getPubKey()).isEqualTo(key.publicKeyHex());
        assertThat(tx.getSignature().getAlgo()).isEqualTo("vega/ed25519");
        assertThat(VegaSignatures.verify(HexFormat.of().parseHex(tx.getPubKey()),
                SignedMessage.v3(FakeCutoverServer.CHAIN_ID, tx.getInputData().toByteArray()),
                HexFormat.of().parseHex(tx.getSignature().getValue()))).isTrue();
        InputData input = InputData.parseFrom(tx.getInputData());
        assertThat(input.getNonce()).isNotZero();
        assertThat(input.getBlockHeight()).isEqualTo(FakeCutoverServer.NETWORK_HEIGHT);
        assertThat(input.getProtocolUpgradeProposal().getVegaReleaseTag()).isEqualTo("v1.1.0");
        assertThat(input.getProtocolUpgradeProposal().getUpgradeBlockHeight()).isEqualTo(1200);
        assertThat(result.getOutput()).contains("proposal id: v1.1.0@1200", "tx hash:     " + Digests.sha256Hex(tx.toByteArray()));
    }

    @Test
    void anInstanceThatCannotBeReachedIsSkippedForTheNext() throws Exception {
        String gone = "127.0.0.1:" + freePort();
        Cli.Result result = Cli.run("propose", "--release", "v1.1.0", "--height", "1200", "--endpoint", gone + "," + server.endpoint(),
                "--query-endpoint", server.endpoint(), "--key", keyFile.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(server.received).hasSize(1);
        assertThat(result.getErrorOutput()).contains("proposal-service at " + gone + " cannot be reached", "trying " + server.endpoint());
        assertThat(result.getOutput()).contains("proposal id: v1.1.0@1200");
    }

    @Test
    void whenNoInstanceCanBeReachedItSaysSoAndExitsUnreachable() {
        String gone = "127.0.0.1:" + freePort();
        String alsoGone = "127.0.0.1:" + freePort();
        Cli.Result result = Cli.run("network", "--endpoint", gone + "," + alsoGone);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(result.getErrorOutput()).contains("proposal-service at " + gone + " cannot be reached", "cannot reach proposal-service");
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void noncesAreFreshEachTime() throws Exception {
        run("propose", "--release", "v1.1.0", "--height", "1200");
        run("propose", "--release", "v1.1.0", "--height", "1200");
        assertThat(server.received).hasSize(2);
        assertThat(InputData.parseFrom(server.received.get(0).getInputData()).getNonce())
                .isNotEqualTo(InputData.parseFrom(server.received.get(1).getInputData()).getNonce());
    }

    @Test
    void proposeHashesArtifactFilesAndSignsTheArtifacts() throws Exception {
        Path binary = Files.write(dir.resolve("node-v1.1.0"), "binary of v1.1.0".getBytes());
        String sha = Digests.sha256Hex(Files.readAllBytes(binary));
        String other = "AB".repeat(32);
        Cli.Result result = run("propose", "--release", "v1.1.0", "--height", "1200", "--output", "json",
                "--artifact-file", binary + ",https://example.org/node", "--platform", "linux/amd64",
                "--artifact", "darwin/arm64=" + other);
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        var artifacts = InputData.parseFrom(onlyTransaction().getInputData()).getProtocolUpgradeProposal().getArtifactsList();
        assertThat(artifacts).containsExactly(
                ReleaseArtifact.newBuilder().setPlatform("darwin/arm64").setSha256(other.toLowerCase()).build(),
                ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(sha).setUrl("https://example.org/node").build());
        JsonNode json = JSON.readTree(result.getOutput());
        assertThat(json.path("proposalId").asText()).isEqualTo(ProposalId.of("v1.1.0", 1200, artifacts)).contains("#");
        assertThat(json.path("signer").asText()).isEqualTo(key.publicKeyHex());
        assertThat(json.path("chainId").asText()).isEqualTo(FakeCutoverServer.CHAIN_ID);
    }

    @Test
    void rejectSendsTheRejectionCommand() throws Exception {
        Cli.Result result = run("reject", "--proposal", "v1.1.0@1200");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        InputData input = InputData.parseFrom(onlyTransaction().getInputData());
        assertThat(input.getProtocolUpgradeRejection().getProposalId()).isEqualTo("v1.1.0@1200");
        assertThat(result.getOutput()).contains("Rejected v1.1.0@1200");
    }

    @Test
    void withdrawProposesTheRunningReleaseBeyondTheMinimumLead() throws Exception {
        Cli.Result result = run("withdraw");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        var proposal = InputData.parseFrom(onlyTransaction().getInputData()).getProtocolUpgradeProposal();
        assertThat(proposal.getVegaReleaseTag()).isEqualTo(FakeCutoverServer.CURRENT_RELEASE);
        assertThat(proposal.getUpgradeBlockHeight()).isEqualTo(FakeCutoverServer.NETWORK_HEIGHT + FakeCutoverServer.MIN_LEAD + 1);
        assertThat(result.getOutput()).contains("Withdrew your votes", FakeCutoverServer.CURRENT_RELEASE);
    }

    @Test
    void everyRefusalPrintsItsReasonInWordsAndExitsRefusedOrNotFound() throws Exception {
        for (RefusalReason reason : RefusalReason.values()) {
            server.refuseNext(new Refusal(Code.FAILED_PRECONDITION, reason.name(), "detail from the service for " + reason));
            Cli.Result result = run("propose", "--release", "v1.1.0", "--height", "1200");
            int expected = Set.of(RefusalReason.UNKNOWN_PROPOSAL, RefusalReason.UNKNOWN_UPGRADE, RefusalReason.UNKNOWN_CHAIN).contains(reason)
                    ? ExitCode.NOT_FOUND.code() : ExitCode.REFUSED.code();
            assertThat(result.exitCode()).as(reason.name()).isEqualTo(expected);
            assertThat(result.getErrorOutput()).as(reason.name())
                    .contains("(reason " + reason.name() + ")", "detail from the service for " + reason);
            assertThat(result.getOutput()).as(reason.name()).isEmpty();
        }
    }

    @Test
    void recoverSignsAHotFixWithItsArtifactsOrAReturnOfTheFailedUpgrade() throws Exception {
        String sha = "ab".repeat(32);
        Cli.Result result = run("recover", "--upgrade", "v1.1.0@1000", "--hot-fix", "v1.1.1", "--artifact", "linux/amd64=" + sha);
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        InputData input = InputData.parseFrom(onlyTransaction().getInputData());
        assertThat(input.getUpgradeRecovery().getUpgradeId()).isEqualTo("v1.1.0@1000");
        assertThat(input.getUpgradeRecovery().getHotFix().getVegaReleaseTag()).isEqualTo("v1.1.1");
        assertThat(input.getUpgradeRecovery().getHotFix().getArtifacts(0).getSha256()).isEqualTo(sha);
        assertThat(result.getOutput()).contains("Voted to recover v1.1.0@1000 with hot-fix v1.1.1 (1 artifact(s)): accepted.",
                "proposal id: v1.1.0@1000/hot-fix/v1.1.1#");

        server.received.clear();
        result = run("recover", "--upgrade", "v1.1.0@1000", "--return");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(InputData.parseFrom(onlyTransaction().getInputData()).getUpgradeRecovery().hasReturnToPrevious()).isTrue();
        assertThat(result.getOutput()).contains("proposal id: v1.1.0@1000/return");
    }

    @Test
    void recoverNeedsExactlyOneActionAndSaysWhyARecoveryIsRefused() {
        assertThat(run("recover", "--upgrade", "v1.1.0@1000").exitCode()).isEqualTo(ExitCode.USAGE.code());
        Cli.Result both = run("recover", "--upgrade", "v1.1.0@1000", "--return", "--hot-fix", "v1.1.1");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(both.getErrorOutput()).contains("mutually exclusive");
        Cli.Result returnWithArtifact = run("recover", "--upgrade", "v1.1.0@1000", "--return", "--artifact", "linux/amd64=" + "ab".repeat(32));
        assertThat(returnWithArtifact.getErrorOutput()).contains("belong to --hot-fix");
        assertThat(run("recover", "--upgrade", "v1.1.0@1000", "--hot-fix", "fix").getErrorOutput()).contains("not a semantic version");
        assertThat(server.received).isEmpty();

        server.refuseNext(new Refusal(Code.FAILED_PRECONDITION, "NETWORK_NOT_HALTED", "the network is live at height 1003"));
        Cli.Result live = run("recover", "--upgrade", "v1.1.0@1000", "--return");
        assertThat(live.exitCode()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(live.getErrorOutput()).contains("accepted only while the network is halted", "NETWORK_NOT_HALTED", "live at height 1003");
        server.refuseNext(new Refusal(Code.NOT_FOUND, "UNKNOWN_UPGRADE", "no upgrade v9.9.9@1000"));
        assertThat(run("recover", "--upgrade", "v9.9.9@1000", "--return").getErrorOutput()).contains("no such upgrade", "UNKNOWN_UPGRADE");
    }

    @Test
    void refusalWordsAreTheOperatorsNotTheCodes() {
        server.refuseNext(new Refusal(Code.FAILED_PRECONDITION, "HEIGHT_TOO_SOON", "height 1010 < 1020"));
        Cli.Result result = run("propose", "--release", "v1.1.0", "--height", "1010");
        assertThat(result.getErrorOutput()).contains("upgrade height is too close", "HEIGHT_TOO_SOON", "height 1010 < 1020");

        server.refuseNext(new Refusal(Code.PERMISSION_DENIED, "UNKNOWN_VALIDATOR", "unknown signer"));
        result = run("reject", "--proposal", "v1.1.0@1200");
        assertThat(result.getErrorOutput()).contains("not a validator of this network", "UNKNOWN_VALIDATOR");

        server.refuseNext(new Refusal(Code.UNAVAILABLE, "BUS_UNAVAILABLE", "kafka down"));
        result = run("withdraw");
        assertThat(result.exitCode()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(result.getErrorOutput()).contains("try again", "BUS_UNAVAILABLE");
    }

    @Test
    void aReasonThisVersionDoesNotKnowStillPrintsTheServicesWords() throws Exception {
        server.refuseNext(new Refusal(Code.FAILED_PRECONDITION, "SOMETHING_NEW", "a rule added later"));
        Cli.Result result = run("propose", "--release", "v1.1.0", "--height", "1200", "--output", "json");
        assertThat(result.exitCode()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(result.getErrorOutput()).contains("a rule added later (reason SOMETHING_NEW)");
        JsonNode error = JSON.readTree(result.getOutput()).path("error");
        assertThat(error.path("reason").asText()).isEqualTo("SOMETHING_NEW");
        assertThat(error.path("exitCode").asInt()).isEqualTo(3);
        assertThat(error.path("kind").asText()).isEqualTo("REFUSED");
    }

    @Test
    void aServerErrorWithoutReasonIsAnError() {
        server.refuseNext(new Refusal(Code.INTERNAL, "", "boom"));
        Cli.Result result = run("propose", "--release", "v1.1.0", "--height", "1200");
        assertThat(result.exitCode()).isEqualTo(ExitCode.ERROR.code());
        assertThat(result.getErrorOutput()).contains("INTERNAL", "boom");
    }

    @Test
    void networkPrintsWhatAWalletNeeds() throws Exception {
        Cli.Result text = run("network");
        assertThat(text.exitCode()).isZero();
        assertThat(text.getOutput()).contains("chain id:         test-chain", "current release:  v1.0.0", "network height:   1000",
                "more than 2/3", "validator-1");
        Cli.Result json = run("network", "--output", "json");
        assertThat(JSON.readTree(json.getOutput()).path("chainId").asText()).isEqualTo("test-chain");
    }

    @Test
    void showAndListPrintTallies() throws Exception {
        server.proposals.put("v1.1.0@1200", proposal("v1.1.0@1200", ProposalStatus.PROPOSAL_STATUS_PENDING, 10));
        server.proposals.put("v1.2.0@1500", proposal("v1.2.0@1500", ProposalStatus.PROPOSAL_STATUS_APPROVED, 20));

        Cli.Result show = run("show", "v1.1.0@1200");
        assertThat(show.exitCode()).isZero();
        assertThat(show.getOutput()).contains("Proposal v1.1.0@1200", "status:     PENDING", "10/20 power (50%), needs > 2/3",
                "  artifacts:  none (agents following Cutover approvals refuse this release as CHECKSUM_MISSING unless their"
                        + " [verification.sha256] pins its SHA-256 or verification.requireChecksum is false; then they run the"
                        + " release folder already installed for the tag and download nothing)");

        Cli.Result list = run("list", "--status", "approved");
        assertThat(list.exitCode()).isZero();
        assertThat(list.getOutput()).contains("v1.2.0@1500", "APPROVED").doesNotContain("v1.1.0@1200");

        Cli.Result json = run("list", "--output", "json");
        assertThat(JSON.readTree(json.getOutput()).path("proposals")).hasSize(2);

        Cli.Result none = run("list", "--status", "cancelled");
        assertThat(none.getOutput()).contains("No cancelled proposals.");
    }

    @Test
    void showingAnUnknownProposalExitsNotFound() {
        Cli.Result result = run("show", "v9.9.9@1");
        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(result.getErrorOutput()).contains("no proposal with this id exists", "UNKNOWN_PROPOSAL");
    }

    @Test
    void watchFollowsAProposalUntilApproved() throws Exception {
        server.proposals.put("v1.1.0@1200", proposal("v1.1.0@1200", ProposalStatus.PROPOSAL_STATUS_PENDING, 10));
        server.watchScript.add(proposal("v2.0.0@3000", ProposalStatus.PROPOSAL_STATUS_PENDING, 10));
        server.watchScript.add(proposal("v1.1.0@1200", ProposalStatus.PROPOSAL_STATUS_PENDING, 10));
        server.watchScript.add(proposal("v1.1.0@1200", ProposalStatus.PROPOSAL_STATUS_APPROVED, 20));
        Cli.Result result = run("watch", "--proposal", "v1.1.0@1200", "--until", "approved", "--output", "json");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        String[] lines = result.getOutput().strip().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines[0]).path("proposal").path("status").asText()).isEqualTo("PROPOSAL_STATUS_PENDING");
        assertThat(JSON.readTree(lines[1]).path("proposal").path("status").asText()).isEqualTo("PROPOSAL_STATUS_APPROVED");
        assertThat(JSON.readTree(lines[2]).path("result").asText()).isEqualTo("approved");
    }

    @Test
    void watchExitsSevenWhenTheProposalIsRejected() {
        server.proposals.put("v1.1.0@1200", proposal("v1.1.0@1200", ProposalStatus.PROPOSAL_STATUS_PENDING, 10));
        server.watchScript.add(proposal("v1.1.0@1200", ProposalStatus.PROPOSAL_STATUS_REJECTED, 10).toBuilder()
                .setStatusReason("expired at height 1200").build());
        Cli.Result result = run("watch", "--proposal", "v1.1.0@1200");
        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_UPGRADED.code());
        assertThat(result.getOutput()).contains("REJECTED", "was rejected: expired at height 1200");
    }

    @Test
    void watchingAnUnknownProposalExitsNotFound() {
        Cli.Result result = run("watch", "--proposal", "v9.9.9@1");
        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
    }

    private static Transaction onlyTransaction() {
        assertThat(server.received).hasSize(1);
        return server.received.get(0);
    }

    private static Proposal proposal(String id, ProposalStatus status, long approving) {
        String[] parts = id.split("@");
        return Proposal.newBuilder()
                .setChainId(FakeCutoverServer.CHAIN_ID)
                .setProposalId(id)
                .setReleaseTag(parts[0])
                .setHeight(Long.parseLong(parts[1]))
                .setStatus(status)
                .addApprovers("ab".repeat(32))
                .setApprovingPower(approving)
                .setTotalPower(20)
                .setThreshold("2/3")
                .setApprovalRule("greater")
                .build();
    }
}
