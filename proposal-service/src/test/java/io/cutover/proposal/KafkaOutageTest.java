package io.cutover.proposal;

import static io.cutover.proposal.TestNetwork.CHAIN;
import static io.cutover.proposal.TestNetwork.HEIGHT;
import static io.cutover.proposal.TestNetwork.OUTAGE;
import static io.cutover.proposal.TestNetwork.proposal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.core.tx.Digests;
import io.cutover.proposal.Clients.Outcome;
import io.cutover.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Kafka stopped mid-test: BUS_UNAVAILABLE and nothing remembered; back up, the same transactions succeed, none acknowledged is lost and the service is ready again. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
class KafkaOutageTest extends ServiceTest {

    @Test
    void answersBusUnavailableWhileKafkaIsDownAndAcceptsTheRetryAfter() {
        List<String> acknowledged = new ArrayList<>();
        byte[] before = OUTAGE.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray();
        assertThat(Clients.grpc(channel, before).accepted()).isTrue();
        acknowledged.add(Digests.sha256Hex(before));

        byte[] duringGrpc = OUTAGE.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray();
        byte[] duringRest = OUTAGE.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray();
        KafkaBrokerResource.broker().stop();
        try {
            assertThat(Clients.grpc(channel, duringGrpc)).isEqualTo(new Outcome("UNAVAILABLE", "BUS_UNAVAILABLE", null, null));
            assertThat(Clients.rest(duringRest)).isEqualTo(new Outcome("503", "BUS_UNAVAILABLE", null, null));
        } finally {
            KafkaBrokerResource.broker().restart();
        }

        // the very same bytes (same hash, same nonce) are accepted now: nothing was remembered. The broker being up is
        // not yet the service writing again (its producer reconnects after a back-off): it is retried as a client would
        Outcome retried = await().atMost(Duration.ofSeconds(30)).until(() -> Clients.grpc(channel, duringGrpc),
                outcome -> !"BUS_UNAVAILABLE".equals(outcome.reason()));
        assertThat(retried.accepted()).as(retried.toString()).isTrue();
        assertThat(Clients.rest(duringRest).accepted()).isTrue();
        acknowledged.add(Digests.sha256Hex(duringGrpc));
        acknowledged.add(Digests.sha256Hex(duringRest));

        List<String> onTopic = Clients.transactions().stream().map(r -> r.value()).toList();
        for (String hash : acknowledged) {
            assertThat(onTopic).filteredOn(v -> v.contains(hash)).as(hash).isNotEmpty();
        }
        awaitReady();
    }
}
