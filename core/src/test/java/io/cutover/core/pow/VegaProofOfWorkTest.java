package io.cutover.core.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** reference/vega-wire.md vector 3, and the edges of Vega's {@code Verify}. */
class VegaProofOfWorkTest {

    private static final String BLOCK = "2FB2146FC01F21D358323174BAA230E7DE61C0F150B7FBC415C896B0C23E50FF";
    private static final String TID = "2E7A16D9EF690F0D2BEED115FBA13BA2AAA16C8F971910AD88C72B9DB010C7D4";

    @Test
    void referenceVectorDifficultyTwoSolvesWithNonceFour() {
        assertThat(VegaProofOfWork.solve(BLOCK, TID, 2)).isEqualTo(4);
        assertThat(VegaProofOfWork.verify(BLOCK, TID, 4, 2)).isTrue();
        for (long nonce = 0; nonce < 4; nonce++) {
            assertThat(VegaProofOfWork.verify(BLOCK, TID, nonce, 2)).as("nonce %d", nonce).isFalse();
        }
    }

    @Test
    void theBlockHashIsHashedAsItsTextSoItsCaseMatters() {
        long lower = VegaProofOfWork.solve(BLOCK.toLowerCase(), TID, 8);
        assertThat(VegaProofOfWork.verify(BLOCK.toLowerCase(), TID, lower, 8)).isTrue();
        assertThat(VegaProofOfWork.leadingZeroBits(VegaProofOfWork.digest(BLOCK, TID, lower)))
                .isEqualTo(VegaProofOfWork.leadingZeroBits(VegaProofOfWork.digest(BLOCK, TID, lower)));
        assertThat(VegaProofOfWork.digest(BLOCK, TID, 4)).isNotEqualTo(VegaProofOfWork.digest(BLOCK.toLowerCase(), TID, 4));
    }

    @Test
    void countsLeadingZeroBits() {
        assertThat(VegaProofOfWork.leadingZeroBits(new byte[] {0, 0, 1})).isEqualTo(23);
        assertThat(VegaProofOfWork.leadingZeroBits(new byte[] {(byte) 0x80})).isZero();
        assertThat(VegaProofOfWork.leadingZeroBits(new byte[] {0x0f, 0})).isEqualTo(4);
        assertThat(VegaProofOfWork.leadingZeroBits(new byte[32])).isEqualTo(256);
    }

    @Test
    void difficultyZeroAcceptsAnyNonceAndAFoundNonceMeetsItsDifficulty() {
        assertThat(VegaProofOfWork.verify(BLOCK, TID, 123456789L, 0)).isTrue();
        long nonce = VegaProofOfWork.solve(BLOCK, TID, 12);
        assertThat(VegaProofOfWork.leadingZeroBits(VegaProofOfWork.digest(BLOCK, TID, nonce))).isGreaterThanOrEqualTo(12);
    }

    @Test
    void refusesWhatVegaRefuses() {
        assertThat(VegaProofOfWork.verify(BLOCK.substring(1), TID, 4, 2)).as("block hash not 64 characters").isFalse();
        assertThat(VegaProofOfWork.verify(BLOCK, "", 4, 0)).as("empty tid").isFalse();
        assertThat(VegaProofOfWork.verify(BLOCK, TID, 4, 257)).as("difficulty above 256").isFalse();
        assertThatThrownBy(() -> VegaProofOfWork.solve(BLOCK, "", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
