package io.cutover.ctl.client;

import java.security.SecureRandom;
import java.util.HexFormat;

import io.cutover.core.pow.VegaProofOfWork;
import io.cutover.core.tx.Digests;
import io.cutover.ctl.keys.ValidatorKey;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.v1.SubmitTransactionResponse;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProofOfWork;
import io.cutover.proto.vega.Transaction;

/**
 * Builds, signs and submits a transaction the way a Vega wallet does: a V3 transaction bound to the
 * network's chain id, a random non-zero nonce, and block_height = the network height, so that it is
 * inside the replay window. When the network asks for a proof of work ({@code spam_pow_difficulty} > 0)
 * it is computed as the wallet does: a random tid (hex SHA3-256 of 10 random bytes) and the first
 * nonce that solves {@code sha3_24_rounds} on the block hash of that height.
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
        Transaction tx = withProofOfWork(key.signer().signV3(network.getChainId(), input), network);
        SubmitTransactionResponse response = client.submit(tx);
        return new Submitted(response.getProposalId(), response.getTxHash(), key.publicKeyHex(), network.getChainId(),
                Long.toUnsignedString(input.getNonce()), input.getBlockHeight());
    }

    /** The transaction with a proof of work on the network height's block when the network asks for one (it is not signed). */
    static Transaction withProofOfWork(Transaction tx, NetworkInfo network) {
        if (network.getSpamPowDifficulty() == 0 || network.getBlockHash().isEmpty()) {
            return tx;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        String tid = HexFormat.of().formatHex(Digests.sha3_256(random));
        long nonce = VegaProofOfWork.solve(network.getBlockHash(), tid, network.getSpamPowDifficulty());
        return tx.toBuilder().setPow(ProofOfWork.newBuilder().setTid(tid).setNonce(nonce)).build();
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
