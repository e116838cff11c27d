package io.cutover.ctl.client;

import java.security.SecureRandom;

import io.cutover.ctl.keys.ValidatorKey;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.v1.SubmitTransactionResponse;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.Transaction;

/**
 * Builds, signs and submits a transaction the way a Vega wallet does: a V3 transaction bound to the
 * network's chain id, a random non-zero nonce, and block_height = the network height, so that it is
 * inside the replay window.
 */
public final class TransactionSubmitter {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProposalClient client;
    private final ValidatorKey key;

    public TransactionSubmitter(ProposalClient client, ValidatorKey key) {
        this.client = client;
        this.key = key;
    }

    /** @param command an InputData builder with its command set; nonce and block height are filled in here */
    public Submitted submit(NetworkInfo network, InputData.Builder command) {
        InputData input = command.clone()
                .setNonce(nonZeroNonce())
                .setBlockHeight(network.getNetworkHeight())
                .build();
        Transaction tx = key.signer().signV3(network.getChainId(), input);
        SubmitTransactionResponse response = client.submit(tx);
        return new Submitted(response.getProposalId(), response.getTxHash(), key.publicKeyHex(), network.getChainId(),
                Long.toUnsignedString(input.getNonce()), input.getBlockHeight());
    }

    static long nonZeroNonce() {
        long nonce;
        do {
            nonce = RANDOM.nextLong();
        } while (nonce == 0);
        return nonce;
    }

    /** What the service answered, and what was signed. The nonce is an unsigned 64-bit number in decimal. */
    public record Submitted(String proposalId, String txHash, String signer, String chainId, String nonce, long blockHeight) {
    }
}
