package io.cutover.core.tally;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.cutover.core.tx.DecodedTransaction;
import io.cutover.core.tx.TransactionDecoder;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.UpgradeRecovery;

/** Turns an accepted raw transaction into the tally input its command stands for. */
public final class TransactionInputs {

    private TransactionInputs() {
    }

    /** Empty when the bytes do not decode or carry no upgrade command. */
    public static Optional<TallyInput> fromRawTransaction(byte[] raw, Instant receivedAt) {
        Optional<DecodedTransaction> decoded = TransactionDecoder.decode(raw);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        String signer = decoded.get().transaction().getPubKey();
        InputData input = decoded.get().inputData();
        return switch (input.getCommandCase()) {
            case PROTOCOL_UPGRADE_PROPOSAL -> {
                ProtocolUpgradeProposal p = input.getProtocolUpgradeProposal();
                yield Optional.of(new TallyInput.Approve(signer, p.getVegaReleaseTag(), p.getUpgradeBlockHeight(),
                        p.getArtifactsList(), raw, receivedAt));
            }
            case PROTOCOL_UPGRADE_REJECTION -> Optional.of(new TallyInput.Reject(signer,
                    input.getProtocolUpgradeRejection().getProposalId(), raw, receivedAt));
            case UPGRADE_RECOVERY -> Optional.of(recover(signer, input.getUpgradeRecovery(), raw, receivedAt));
            default -> Optional.empty();
        };
    }

    private static TallyInput.Recover recover(String signer, UpgradeRecovery r, byte[] raw, Instant at) {
        return switch (r.getActionCase()) {
            case HOT_FIX -> new TallyInput.Recover(signer, r.getUpgradeId(), RecoveryAction.RECOVERY_ACTION_HOT_FIX,
                    r.getHotFix().getVegaReleaseTag(), r.getHotFix().getArtifactsList(), raw, at);
            case RETURN_TO_PREVIOUS -> new TallyInput.Recover(signer, r.getUpgradeId(), RecoveryAction.RECOVERY_ACTION_RETURN, "", List.of(),
                    raw, at);
            default -> new TallyInput.Recover(signer, r.getUpgradeId(), RecoveryAction.RECOVERY_ACTION_UNSPECIFIED, "", List.of(), raw, at);
        };
    }
}
