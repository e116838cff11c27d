package io.cutover.core.tally;

import java.time.Instant;
import java.util.Optional;

import io.cutover.core.tx.DecodedTransaction;
import io.cutover.core.tx.TransactionDecoder;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;

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
            default -> Optional.empty();
        };
    }
}
