package io.cutover.proposal;

import static io.cutover.proposal.TestNetwork.CHAIN;
import static io.cutover.proposal.TestNetwork.HEIGHT;
import static io.cutover.proposal.TestNetwork.RECOVERY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.proposal.RecoveryId;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.CommandKind;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.TargetOrigin;
import io.cutover.proto.vega.HotFix;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.ReturnToPrevious;
import io.cutover.proto.vega.UpgradeRecovery;
import io.cutover.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * upgrade_recovery submissions: accepted for a known upgrade while the network is halted at its
 * height, refused with their reason otherwise, and a refused one never reaches Kafka.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
class RecoveriesTest extends ServiceTest {

    /** Announced by the chain at the network's height: the network is halted there. */
    private static final String HALTED = "v1.0.1@" + HEIGHT;
    /** Announced by the chain above the network's height. */
    private static final String AHEAD = "v1.0.2@" + (HEIGHT + 50);
    /** Approved by Cutover below the network's height (it brings no newer release, so the release in force stays). */
    private static final String PASSED = "v1.0.0@" + (HEIGHT - 10);
    private static final ReleaseArtifact FIX = ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256("cd".repeat(32)).build();

    private static boolean announced;

    @BeforeEach
    void knownUpgrades() {
        if (announced) {
            return;
        }
        announced = true;
        announceByChain("v1.0.1", HEIGHT);
        announceByChain("v1.0.2", HEIGHT + 50);
        Approval approval = Approval.newBuilder().setChainId(CHAIN).setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED).setProposalId(PASSED)
                .setReleaseTag("v1.0.0").setHeight(HEIGHT - 10).build();
        Clients.publish(Topics.APPROVALS, Topics.approvalKey(CHAIN, HEIGHT - 10), EventJson.write(approval));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "NETWORK_NOT_HALTED".equals(Clients.grpc(channel, returnOf(RECOVERY, PASSED)).reason())
                && "UPGRADE_NOT_REACHED".equals(Clients.grpc(channel, returnOf(RECOVERY, AHEAD)).reason()));
    }

    private static void announceByChain(String tag, long height) {
        RolloutStatus status = RolloutStatus.newBuilder().setChainId(CHAIN).setNode("chain-node-" + tag).setTargetRelease(tag)
                .setTargetHeight(height).setTargetOrigin(TargetOrigin.TARGET_ORIGIN_CHAIN).build();
        Clients.publish(Topics.ROLLOUT_STATUS, Topics.rolloutStatusKey(CHAIN, status.getNode()), EventJson.write(status));
    }

    private static byte[] signed(TransactionSigner signer, UpgradeRecovery recovery) {
        return signer.signV3(CHAIN, InputData.newBuilder().setNonce(nextNonce()).setBlockHeight(HEIGHT).setUpgradeRecovery(recovery).build())
                .toByteArray();
    }

    private static byte[] returnOf(TransactionSigner signer, String upgrade) {
        return signed(signer, UpgradeRecovery.newBuilder().setUpgradeId(upgrade).setReturnToPrevious(ReturnToPrevious.getDefaultInstance()).build());
    }

    private static byte[] hotFix(TransactionSigner signer, String upgrade, String tag, ReleaseArtifact artifact) {
        return signed(signer, UpgradeRecovery.newBuilder().setUpgradeId(upgrade)
                .setHotFix(HotFix.newBuilder().setVegaReleaseTag(tag).addArtifacts(artifact)).build());
    }

    @Test
    void acceptsAHotFixAndAReturnOfAnUpgradeWhileTheNetworkIsHaltedAtItsHeight() throws InvalidProtocolBufferException {
        Clients.Outcome fix = Clients.grpc(channel, hotFix(RECOVERY, HALTED, "v1.0.2", FIX));
        Clients.Outcome back = Clients.rest(returnOf(RECOVERY, HALTED));
        assertThat(fix.accepted()).as("%s", fix).isTrue();
        assertThat(back.accepted()).as("%s", back).isTrue();
        assertThat(fix.proposalId()).isEqualTo(RecoveryId.hotFix(HALTED, "v1.0.2", List.of(FIX)));
        assertThat(back.proposalId()).isEqualTo(HALTED + "/return");
        AcceptedTransaction written = null;
        for (var record : Clients.transactions()) {
            if (record.value().contains(fix.txHash())) {
                written = EventJson.read(record.value(), AcceptedTransaction.newBuilder());
            }
        }
        assertThat(written).isNotNull();
        assertThat(written.getCommand()).isEqualTo(CommandKind.COMMAND_KIND_RECOVERY);
        assertThat(written.getProposalId()).isEqualTo(fix.proposalId());
    }

    @Test
    void refusesARecoveryWhileTheNetworkIsLive() {
        refusedBoth(i -> returnOf(RECOVERY, PASSED), "FAILED_PRECONDITION", 422, "NETWORK_NOT_HALTED");
    }

    @Test
    void refusesARecoveryOfAnUpgradeNotYetReached() {
        refusedBoth(i -> returnOf(RECOVERY, AHEAD), "FAILED_PRECONDITION", 422, "UPGRADE_NOT_REACHED");
    }

    @Test
    void refusesARecoveryOfAnUnknownUpgrade() {
        refusedBoth(i -> returnOf(RECOVERY, "v9.9.9@" + HEIGHT), "NOT_FOUND", 404, "UNKNOWN_UPGRADE");
    }

    @Test
    void refusesARecoveryByANonValidator() {
        refusedBoth(i -> returnOf(TestNetwork.STRANGER, HALTED), "PERMISSION_DENIED", 403, "UNKNOWN_VALIDATOR");
        refusedBoth(i -> returnOf(TestNetwork.OBSERVER, HALTED), "PERMISSION_DENIED", 403, "NOT_CONSENSUS_VALIDATOR");
    }

    @Test
    void refusesAHotFixWithABadChecksumOrNotNewerThanTheFailedRelease() {
        ReleaseArtifact badChecksum = FIX.toBuilder().setSha256("not-a-sha256").build();
        refusedBoth(i -> hotFix(RECOVERY, HALTED, "v1.0.2", badChecksum), "INVALID_ARGUMENT", 400, "INVALID_ARTIFACT");
        refusedBoth(i -> hotFix(RECOVERY, HALTED, "v1.0.1", FIX), "FAILED_PRECONDITION", 422, "HOT_FIX_NOT_NEWER");
    }
}
