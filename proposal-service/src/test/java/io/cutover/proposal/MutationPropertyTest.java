package io.cutover.proposal;

import static io.cutover.proposal.TestNetwork.CHAIN;
import static io.cutover.proposal.TestNetwork.FUZZ;
import static io.cutover.proposal.TestNetwork.HEIGHT;
import static io.cutover.proposal.TestNetwork.proposal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cutover.proposal.Clients.Outcome;
import io.cutover.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Property: random bytes and single-byte mutations of a valid (already accepted) transaction are
 * never an INTERNAL error, never reach the topic, and the service keeps answering.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
class MutationPropertyTest extends ServiceTest {

    private static final long SEED = 20261126L;
    private static final int RANDOM_CASES = 300;
    private static final int MUTATIONS = 600;

    @Test
    void randomBytesAndSingleByteMutationsAreRefusedWithADocumentedReason() {
        byte[] valid = FUZZ.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray();
        assertThat(Clients.grpc(channel, valid).accepted()).isTrue();
        int recordsBefore = Clients.transactions().size();

        Random random = new Random(SEED);
        for (int i = 0; i < RANDOM_CASES; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            check(bytes, i % 5 == 0, "random case " + i);
        }
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] mutated = valid.clone();
            int at = random.nextInt(mutated.length);
            byte replacement;
            do {
                replacement = (byte) random.nextInt(256);
            } while (replacement == mutated[at]);
            mutated[at] = replacement;
            check(mutated, i % 5 == 0, "mutation " + i + " at byte " + at);
        }

        assertThat(Clients.transactions()).hasSize(recordsBefore);
        assertThat(Clients.grpc(channel, FUZZ.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray()).accepted()).isTrue();
        awaitReady();
    }

    private void check(byte[] tx, boolean viaRest, String label) {
        Outcome outcome = viaRest ? Clients.rest(tx) : Clients.grpc(channel, tx);
        assertThat(outcome.accepted()).as(label).isFalse();
        assertThat(outcome.status()).as(label).isNotIn("INTERNAL", "UNKNOWN", "500");
        assertThat(outcome.reason()).as(label).isNotNull().doesNotStartWith("<");
    }
}
