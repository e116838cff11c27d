package io.cutover.core.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ProtocolUpgradeRejection;
import io.cutover.proto.vega.ReleaseArtifact;

class TransactionInputsTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private final TransactionSigner signer = new TransactionSigner(new byte[32]);

    @Test
    void aSignedProposalBecomesAnApprovalCarryingItsRawBytes() {
        ReleaseArtifact artifact = ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256("ab".repeat(32)).build();
        byte[] raw = signer.signV3("cutover-devnet", InputData.newBuilder().setNonce(1).setBlockHeight(10)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag("v1.1.0")
                        .setUpgradeBlockHeight(200).addArtifacts(artifact)).build()).toByteArray();

        TallyInput input = TransactionInputs.fromRawTransaction(raw, AT).orElseThrow();
        assertThat(input).isInstanceOfSatisfying(TallyInput.Approve.class, a -> {
            assertThat(a.signer()).isEqualTo(signer.publicKeyHex());
            assertThat(a.releaseTag()).isEqualTo("v1.1.0");
            assertThat(a.height()).isEqualTo(200);
            assertThat(a.artifacts()).containsExactly(artifact);
            assertThat(a.rawTx()).isEqualTo(raw);
            assertThat(a.at()).isEqualTo(AT);
        });
    }

    @Test
    void aSignedRejectionBecomesARejection() {
        byte[] raw = signer.signV3("cutover-devnet", InputData.newBuilder().setNonce(2).setBlockHeight(10)
                .setProtocolUpgradeRejection(ProtocolUpgradeRejection.newBuilder().setProposalId("v1.1.0@200")).build()).toByteArray();

        assertThat(TransactionInputs.fromRawTransaction(raw, AT).orElseThrow())
                .isInstanceOfSatisfying(TallyInput.Reject.class, r -> assertThat(r.proposalId()).isEqualTo("v1.1.0@200"));
    }

    @Test
    void garbageAndCommandlessTransactionsGiveNoInput() {
        byte[] garbage = new byte[40];
        Arrays.fill(garbage, (byte) 0xff);
        assertThat(TransactionInputs.fromRawTransaction(garbage, AT)).isEmpty();
        byte[] noCommand = signer.signV3("cutover-devnet", InputData.newBuilder().setNonce(3).build()).toByteArray();
        assertThat(TransactionInputs.fromRawTransaction(noCommand, AT)).isEmpty();
    }
}
