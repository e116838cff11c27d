package io.cutover.proposal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cutover.core.tx.Digests;
import io.cutover.proposal.Clients.Outcome;
import io.cutover.proposal.corpus.CorpusEntry;
import io.cutover.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Replays every file of the bad-input corpus (src/test/resources/corpus, manifest.tsv) over gRPC and REST against the
 * running service on the real broker: each gets its documented status and reason, none reaches Kafka, and the service
 * still accepts a valid transaction afterwards.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
class BadInputCorpusTest extends ServiceTest {

    @Test
    void everyCorpusEntryGetsItsDocumentedReasonAndNoneReachesKafka() {
        List<CorpusEntry> corpus = CorpusEntry.manifest();
        int recordsBefore = Clients.transactions().size();
        Set<String> refusedHashes = new HashSet<>();
        String setupHash = null;
        List<String> mismatches = new ArrayList<>();

        for (CorpusEntry entry : corpus) {
            byte[] content = entry.content();
            switch (entry.transport()) {
                case "setup" -> {
                    assertThat(Clients.grpc(channel, content).accepted()).as(entry.file()).isTrue();
                    setupHash = Digests.sha256Hex(content);
                }
                case "both" -> {
                    if (!"DUPLICATE_TRANSACTION".equals(entry.reason())) {
                        refusedHashes.add(Digests.sha256Hex(content));
                    }
                    expect(mismatches, entry, "gRPC", Clients.grpc(channel, content), new Outcome(entry.grpc(), entry.reason(), null, null));
                    expect(mismatches, entry, "REST", Clients.rest(content), new Outcome(String.valueOf(entry.http()), entry.reason(), null, null));
                }
                case "rest" -> expect(mismatches, entry, "REST", restRaw(entry.contentType(), content),
                        new Outcome(String.valueOf(entry.http()), entry.reason(), null, null));
                default -> throw new IllegalStateException("unknown transport in manifest: " + entry.transport());
            }
        }
        assertThat(mismatches).as("entries whose outcome differs from the manifest").isEmpty();

        byte[] valid = TestNetwork.CORPUS.signV3(TestNetwork.CHAIN, TestNetwork.proposal(nextNonce(), "v1.1.0", TestNetwork.HEIGHT + 100)).toByteArray();
        byte[] validRest = TestNetwork.CORPUS.signV3(TestNetwork.CHAIN, TestNetwork.proposal(nextNonce(), "v1.1.0", TestNetwork.HEIGHT + 100)).toByteArray();
        assertThat(Clients.grpc(channel, valid).accepted()).as("a valid transaction over gRPC after the corpus").isTrue();
        assertThat(Clients.rest(validRest).accepted()).as("a valid transaction over REST after the corpus").isTrue();
        awaitReady();

        var records = Clients.transactions();
        assertThat(records).hasSize(recordsBefore + 3);
        assertThat(records).noneMatch(r -> refusedHashes.stream().anyMatch(h -> r.value().contains(h)));
        String accepted = setupHash;
        assertThat(records).as("the setup transaction, replayed as a duplicate, is on the topic once").filteredOn(r -> r.value().contains(accepted))
                .hasSize(1);
    }

    private static void expect(List<String> mismatches, CorpusEntry entry, String transport, Outcome actual, Outcome expected) {
        if (!actual.equals(expected)) {
            mismatches.add(entry.file() + " over " + transport + ": expected " + expected.status() + " " + expected.reason() + ", got "
                    + actual.status() + " " + actual.reason());
        }
    }

    /** Posts a raw body with its content type; a refused one must be application/problem+json with a reason. */
    private static Outcome restRaw(String contentType, byte[] body) {
        Response response = given().contentType(contentType).body(new String(body, java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/transactions");
        String type = response.contentType() == null ? "" : response.contentType();
        if (response.statusCode() == 202) {
            return new Outcome("202", null, null, null);
        }
        if (!type.startsWith("application/problem+json")) {
            return new Outcome(String.valueOf(response.statusCode()), "<not a problem: " + type + ">", null, null);
        }
        return new Outcome(String.valueOf(response.statusCode()), response.jsonPath().getString("reason"), null, null);
    }

}
