package io.cutover.core.pow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;

import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.validation.Verdict;
import io.cutover.proto.vega.ProofOfWork;

class ProofOfWorkRulesTest {

    private static final String CHAIN = "cutover-test";
    private static final long HEIGHT = 1000;
    private static final SpamPow POW = new SpamPow(6, 10, VegaProofOfWork.HASH_FUNCTION, 2, false);
    private static final LongFunction<Optional<String>> DERIVED = h -> Optional.of(BlockHashes.derived(CHAIN, h));
    private static final String TID = "ab".repeat(32);

    private static ProofOfWork solved(long height, SpamPow params) {
        return ProofOfWork.newBuilder().setTid(TID).setNonce(VegaProofOfWork.solve(BlockHashes.derived(CHAIN, height), TID,
                params.difficulty())).build();
    }

    private static Optional<RefusalReason> check(ProofOfWork pow, long height) {
        return ProofOfWorkRules.check(pow, height, HEIGHT, POW, DERIVED).map(Verdict.Refused::reason);
    }

    @Test
    void acceptsAProofOnTheCurrentOrARecentBlock() {
        assertThat(check(solved(HEIGHT, POW), HEIGHT)).isEmpty();
        assertThat(check(solved(HEIGHT - 9, POW), HEIGHT - 9)).isEmpty();
    }

    @Test
    void offMeansNothingIsChecked() {
        assertThat(ProofOfWorkRules.check(ProofOfWork.getDefaultInstance(), 5, HEIGHT, SpamPow.OFF, DERIVED)).isEmpty();
    }

    @Test
    void refusesAMissingProof() {
        assertThat(check(ProofOfWork.getDefaultInstance(), HEIGHT)).contains(RefusalReason.PROOF_OF_WORK_INVALID);
    }

    @Test
    void refusesAWrongNonce() {
        ProofOfWork good = solved(HEIGHT, POW);
        long wrong = good.getNonce();
        do {
            wrong++;
        } while (VegaProofOfWork.verify(BlockHashes.derived(CHAIN, HEIGHT), TID, wrong, POW.difficulty()));
        assertThat(check(good.toBuilder().setNonce(wrong).build(), HEIGHT)).contains(RefusalReason.PROOF_OF_WORK_INVALID);
    }

    @Test
    void refusesAProofForAnotherBlockThanTheTransactionNames() {
        assertThat(check(solved(HEIGHT - 1, new SpamPow(12, 10, VegaProofOfWork.HASH_FUNCTION, 2, false)), HEIGHT))
                .contains(RefusalReason.PROOF_OF_WORK_INVALID);
    }

    @Test
    void refusesFutureTooOldAndUnknownBlocks() {
        assertThat(check(solved(HEIGHT + 1, POW), HEIGHT + 1)).as("future").contains(RefusalReason.PROOF_OF_WORK_BLOCK_UNKNOWN);
        assertThat(check(solved(HEIGHT - 10, POW), HEIGHT - 10)).as("numberOfPastBlocks behind").contains(RefusalReason.PROOF_OF_WORK_BLOCK_UNKNOWN);
        assertThat(check(solved(HEIGHT, POW), -1)).as("above 2^63").contains(RefusalReason.PROOF_OF_WORK_BLOCK_UNKNOWN);
        assertThat(ProofOfWorkRules.check(solved(HEIGHT, POW), HEIGHT, HEIGHT, POW, h -> Optional.empty()).map(Verdict.Refused::reason))
                .as("no hash known").contains(RefusalReason.PROOF_OF_WORK_BLOCK_UNKNOWN);
    }

    @Test
    void derivedBlockHashesAre64LowercaseHexAndDifferPerHeightAndChain() {
        assertThat(BlockHashes.derived(CHAIN, 1)).matches("[0-9a-f]{64}").isNotEqualTo(BlockHashes.derived(CHAIN, 2))
                .isNotEqualTo(BlockHashes.derived("other", 1)).isEqualTo(BlockHashes.derived(CHAIN, 1));
    }
}
