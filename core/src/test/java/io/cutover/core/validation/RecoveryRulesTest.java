package io.cutover.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.CommandKind;
import io.cutover.proto.vega.HotFix;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.ReturnToPrevious;
import io.cutover.proto.vega.UpgradeRecovery;

class RecoveryRulesTest {

    private static final String CHAIN = "cutover-devnet";
    private static final long H = 40;
    private static final String UPGRADE = "v1.1.0@40";
    private static final String CHAIN_ANNOUNCED = "v2.0.0@40";
    /** A Cosmos upgrade plan: its name is no release tag. */
    private static final String COSMOS_PLAN = "v7-Theta@40";
    private static final TransactionSigner VALIDATOR = new TransactionSigner(seed(1));
    private static final TransactionSigner OBSERVER = new TransactionSigner(seed(2));
    private static final TransactionSigner STRANGER = new TransactionSigner(seed(3));
    private static final NetworkConfig NETWORK = new NetworkConfig(CHAIN, ReleaseTag.parse("v1.1.0").orElseThrow(),
            new Threshold(new Fraction(2, 3), ApprovalRule.GREATER), 20, 150,
            List.of(new ValidatorInfo("validator-1", VALIDATOR.publicKeyHex(), 10), new ValidatorInfo("observer", OBSERVER.publicKeyHex(), 0)));
    private static final KnownUpgrades KNOWN = Set.of(UPGRADE, CHAIN_ANNOUNCED, COSMOS_PLAN)::contains;

    private static byte[] seed(int n) {
        byte[] seed = new byte[32];
        seed[0] = (byte) n;
        return seed;
    }

    private static UpgradeRecovery hotFix(String upgrade, String tag, ReleaseArtifact... artifacts) {
        return UpgradeRecovery.newBuilder().setUpgradeId(upgrade)
                .setHotFix(HotFix.newBuilder().setVegaReleaseTag(tag).addAllArtifacts(List.of(artifacts))).build();
    }

    private static UpgradeRecovery returnOf(String upgrade) {
        return UpgradeRecovery.newBuilder().setUpgradeId(upgrade).setReturnToPrevious(ReturnToPrevious.getDefaultInstance()).build();
    }

    private static Verdict judge(TransactionSigner signer, UpgradeRecovery recovery, long networkHeight) {
        InputData input = InputData.newBuilder().setNonce(7).setBlockHeight(networkHeight).setUpgradeRecovery(recovery).build();
        NetworkView view = new NetworkView(NETWORK, NETWORK.currentRelease(), java.util.OptionalLong.of(networkHeight), KNOWN);
        return TransactionValidator.validate(signer.signV3(CHAIN, input).toByteArray(), view, ValidationPolicy.defaults());
    }

    private static RefusalReason reasonOf(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused) verdict).reason();
    }

    private static ReleaseArtifact artifact(String sha256) {
        return ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(sha256).build();
    }

    @Test
    void acceptsAHotFixWhileTheNetworkIsHaltedAtTheUpgradeHeight() {
        ReleaseArtifact fix = artifact("ab".repeat(32));
        Verdict.Accepted accepted = (Verdict.Accepted) judge(VALIDATOR, hotFix(UPGRADE, "v1.1.1", fix), H);
        assertThat(accepted.kind()).isEqualTo(CommandKind.COMMAND_KIND_RECOVERY);
        assertThat(accepted.proposalId()).isEqualTo("v1.1.0@40/hot-fix/v1.1.1" + ProposalId.of("v1.1.1", H, List.of(fix)).substring("v1.1.1@40".length()));
    }

    @Test
    void acceptsAHotFixAndAReturnOfACosmosPlanWhoseNameIsNoReleaseTag() {
        Verdict.Accepted fix = (Verdict.Accepted) judge(VALIDATOR, hotFix(COSMOS_PLAN, "v7.0.1", artifact("cd".repeat(32))), H);
        assertThat(fix.proposalId()).startsWith("v7-Theta@40/hot-fix/v7.0.1#");
        assertThat(((Verdict.Accepted) judge(VALIDATOR, returnOf(COSMOS_PLAN), H)).proposalId()).isEqualTo("v7-Theta@40/return");
        assertThat(reasonOf(judge(VALIDATOR, hotFix(COSMOS_PLAN, "Theta-fix"), H))).as("the fix itself is a release")
                .isEqualTo(RefusalReason.INVALID_RELEASE_TAG);
        assertThat(reasonOf(judge(VALIDATOR, returnOf(COSMOS_PLAN), H + 1))).isEqualTo(RefusalReason.NETWORK_NOT_HALTED);
    }

    @Test
    void acceptsAReturnOfAChainAnnouncedUpgrade() {
        Verdict.Accepted accepted = (Verdict.Accepted) judge(VALIDATOR, returnOf(CHAIN_ANNOUNCED), H);
        assertThat(accepted.proposalId()).isEqualTo("v2.0.0@40/return");
    }

    @Test
    void refusesARecoveryWhileTheNetworkIsLive() {
        assertThat(reasonOf(judge(VALIDATOR, returnOf(UPGRADE), H + 1))).isEqualTo(RefusalReason.NETWORK_NOT_HALTED);
    }

    @Test
    void refusesARecoveryOfAnUpgradeNotYetReached() {
        assertThat(reasonOf(judge(VALIDATOR, returnOf(UPGRADE), H - 1))).isEqualTo(RefusalReason.UPGRADE_NOT_REACHED);
    }

    @Test
    void refusesARecoveryOfAnUnknownOrMalformedUpgrade() {
        assertThat(reasonOf(judge(VALIDATOR, returnOf("v9.9.9@40"), H))).isEqualTo(RefusalReason.UNKNOWN_UPGRADE);
        assertThat(reasonOf(judge(VALIDATOR, returnOf("not-an-upgrade"), H))).isEqualTo(RefusalReason.UNKNOWN_UPGRADE);
    }

    @Test
    void refusesARecoveryByANonValidatorOrAValidatorWithoutPower() {
        assertThat(reasonOf(judge(STRANGER, returnOf(UPGRADE), H))).isEqualTo(RefusalReason.UNKNOWN_VALIDATOR);
        assertThat(reasonOf(judge(OBSERVER, returnOf(UPGRADE), H))).isEqualTo(RefusalReason.NOT_CONSENSUS_VALIDATOR);
    }

    @Test
    void refusesAHotFixWithABadChecksumOrPlatform() {
        assertThat(reasonOf(judge(VALIDATOR, hotFix(UPGRADE, "v1.1.1", artifact("not-a-checksum")), H))).isEqualTo(RefusalReason.INVALID_ARTIFACT);
        ReleaseArtifact badPlatform = ReleaseArtifact.newBuilder().setPlatform("amd64").setSha256("ab".repeat(32)).build();
        assertThat(reasonOf(judge(VALIDATOR, hotFix(UPGRADE, "v1.1.1", badPlatform), H))).isEqualTo(RefusalReason.INVALID_ARTIFACT);
    }

    @Test
    void refusesAHotFixThatIsNotNewerThanTheFailedRelease() {
        assertThat(reasonOf(judge(VALIDATOR, hotFix(UPGRADE, "v1.1.0", artifact("ab".repeat(32))), H))).isEqualTo(RefusalReason.HOT_FIX_NOT_NEWER);
        assertThat(reasonOf(judge(VALIDATOR, hotFix(UPGRADE, "v1.0.9"), H))).isEqualTo(RefusalReason.HOT_FIX_NOT_NEWER);
        assertThat(reasonOf(judge(VALIDATOR, hotFix(UPGRADE, "fix"), H))).isEqualTo(RefusalReason.INVALID_RELEASE_TAG);
    }

    @Test
    void refusesARecoveryWithoutAnAction() {
        assertThat(reasonOf(judge(VALIDATOR, UpgradeRecovery.newBuilder().setUpgradeId(UPGRADE).build(), H)))
                .isEqualTo(RefusalReason.MALFORMED_TRANSACTION);
    }

    @Test
    void knowsNoUpgradeByDefault() {
        NetworkView view = new NetworkView(NETWORK, NETWORK.currentRelease(), H);
        assertThat(view.upgrades().contains(UPGRADE)).isFalse();
    }
}
