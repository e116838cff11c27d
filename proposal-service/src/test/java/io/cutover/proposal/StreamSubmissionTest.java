package io.cutover.proposal;

import static io.cutover.proposal.TestNetwork.CHAIN;
import static io.cutover.proposal.TestNetwork.HEIGHT;
import static io.cutover.proposal.TestNetwork.STRANGER;
import static io.cutover.proposal.TestNetwork.STREAM;
import static io.cutover.proposal.TestNetwork.proposal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.cutover.core.tx.Digests;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.proto.v1.SubmitTransactionRequest;
import io.cutover.proto.v1.SubmitTransactionResult;
import io.cutover.testing.KafkaBrokerResource;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** SubmitTransactions: one answer per transaction, the unary call's rules and reasons, only the accepted ones on the topic. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
class StreamSubmissionTest extends ServiceTest {

    @Test
    void answersEveryTransactionOfAStreamWithTheUnaryCallsVerdict() throws Exception {
        List<byte[]> valid = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // the test network's allowance: 5 at once
            valid.add(STREAM.signV3(CHAIN, proposal(nextNonce(), "v1.1." + (i + 1), HEIGHT + 100)).toByteArray());
        }
        byte[] stranger = STRANGER.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray();
        byte[] otherChain = STREAM.signV3("another-chain", proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray();
        byte[] tooSoon = STREAM.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 1)).toByteArray();
        byte[] last = valid.remove(valid.size() - 1);
        List<byte[]> sent = new ArrayList<>(valid);
        sent.addAll(List.of(new byte[] {1, 2, 3}, stranger, otherChain, tooSoon));

        Map<Long, SubmitTransactionResult> results = submitOverOneStream(sent);

        assertThat(results).hasSize(sent.size());
        for (int i = 0; i < valid.size(); i++) {
            SubmitTransactionResult result = results.get((long) i);
            assertThat(result.getReason()).as("transaction %d", i).isEmpty();
            assertThat(result.getTxHash()).isEqualTo(Digests.sha256Hex(valid.get(i)));
            assertThat(result.getProposalId()).isEqualTo("v1.1." + (i + 1) + "@1100");
        }
        assertThat(refusals(results)).containsExactlyInAnyOrderEntriesOf(Map.of(4L, "MALFORMED_TRANSACTION", 5L, "UNKNOWN_VALIDATOR",
                6L, "SIGNATURE_INVALID", 7L, "HEIGHT_TOO_SOON"));
        assertThat(results.get(7L).getTxHash()).as("a refusal names no accepted hash").isEmpty();
        assertThat(results.get(7L).getMessage()).isNotBlank();

        // a second stream: its sequence starts again at 0, and what the first one wrote is known
        Map<Long, SubmitTransactionResult> again = submitOverOneStream(List.of(valid.get(0), last));
        assertThat(refusals(again)).containsExactlyEntriesOf(Map.of(0L, "DUPLICATE_TRANSACTION"));
        assertThat(again.get(1L).getTxHash()).isEqualTo(Digests.sha256Hex(last));
        valid.add(last);

        List<String> onTopic = Clients.transactions().stream().map(ConsumerRecord::value)
                .filter(v -> v.contains(STREAM.publicKeyHex())).toList();
        assertThat(onTopic).as("each accepted transaction once, nothing refused").hasSize(valid.size());
        for (byte[] tx : valid) {
            assertThat(onTopic).filteredOn(v -> v.contains(Digests.sha256Hex(tx))).hasSize(1);
        }
    }

    @Test
    void anEmptyStreamEndsWithoutAnswers() throws Exception {
        assertThat(submitOverOneStream(List.of())).isEmpty();
    }

    private static Map<Long, String> refusals(Map<Long, SubmitTransactionResult> results) {
        return results.values().stream().filter(r -> !r.getReason().isEmpty())
                .collect(Collectors.toMap(SubmitTransactionResult::getSequence, SubmitTransactionResult::getReason));
    }

    private Map<Long, SubmitTransactionResult> submitOverOneStream(List<byte[]> txs) throws Exception {
        Map<Long, SubmitTransactionResult> results = new ConcurrentHashMap<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<SubmitTransactionRequest> requests = ProposalServiceGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .submitTransactions(new StreamObserver<>() {
                    public void onNext(SubmitTransactionResult result) {
                        assertThat(results.put(result.getSequence(), result)).as("one answer per sequence").isNull();
                    }

                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        for (byte[] tx : txs) {
            requests.onNext(SubmitTransactionRequest.newBuilder().setTx(ByteString.copyFrom(tx)).build());
        }
        requests.onCompleted();
        done.get(30, TimeUnit.SECONDS);
        return results;
    }
}
