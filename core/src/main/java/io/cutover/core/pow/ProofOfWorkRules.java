package io.cutover.core.pow;

import java.util.Optional;
import java.util.function.LongFunction;

import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.validation.Verdict;
import io.cutover.proto.vega.ProofOfWork;

/**
 * Vega's proof-of-work checks on a transaction, in Vega's order: the block height is one the service
 * knows, not in the future and less than {@code numberOfPastBlocks} behind; then the proof solves the
 * puzzle on that block's hash at the network's difficulty. (The tid must also be unseen: that needs the
 * ledger, see {@code SubmissionLedger}.)
 */
public final class ProofOfWorkRules {

    private ProofOfWorkRules() {
    }

    /**
     * @param blockHash the hash the service knows for a height, empty when it knows none
     * @return empty when the proof is good (or proof of work is off), else the refusal
     */
    public static Optional<Verdict.Refused> check(ProofOfWork pow, long blockHeight, long networkHeight, SpamPow params,
            LongFunction<Optional<String>> blockHash) {
        if (!params.enabled()) {
            return Optional.empty();
        }
        if (pow.getTid().isEmpty()) {
            return refuse(RefusalReason.PROOF_OF_WORK_INVALID, "the network asks for a proof of work (difficulty " + params.difficulty()
                    + ", " + params.hashFunction() + ") and the transaction carries none (pow.tid is empty)");
        }
        if (blockHeight < 0 || blockHeight > networkHeight) {
            return refuse(RefusalReason.PROOF_OF_WORK_BLOCK_UNKNOWN, "unknown block height for tx: " + Long.toUnsignedString(blockHeight)
                    + " is above the network height " + networkHeight);
        }
        if (blockHeight + params.numberOfPastBlocks() <= networkHeight) {
            return refuse(RefusalReason.PROOF_OF_WORK_BLOCK_UNKNOWN, "unknown block height for tx: " + blockHeight + " is "
                    + params.numberOfPastBlocks() + " or more blocks behind the network height " + networkHeight);
        }
        Optional<String> hash = blockHash.apply(blockHeight);
        if (hash.isEmpty()) {
            return refuse(RefusalReason.PROOF_OF_WORK_BLOCK_UNKNOWN, "unknown block height for tx: the hash of block " + blockHeight
                    + " is not known here; use the height and hash LastBlockHeight returns");
        }
        if (!VegaProofOfWork.verify(hash.get(), pow.getTid(), pow.getNonce(), params.difficulty())) {
            return refuse(RefusalReason.PROOF_OF_WORK_INVALID, "failed to verify proof of work: nonce " + Long.toUnsignedString(pow.getNonce())
                    + " does not give " + params.difficulty() + " leading zero bits on block " + blockHeight + " (" + hash.get() + ")");
        }
        return Optional.empty();
    }

    private static Optional<Verdict.Refused> refuse(RefusalReason reason, String detail) {
        return Optional.of(Verdict.refused(reason, detail));
    }
}
