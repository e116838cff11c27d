package io.cutover.proposal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.cutover.proposal.corpus.CorpusEntry;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.api.CoreServiceGrpc;
import io.cutover.proto.vega.api.SubmitRawTransactionRequest;
import io.cutover.proto.vega.api.SubmitRawTransactionResponse;
import io.cutover.proto.vega.api.SubmitTransactionRequest;
import io.cutover.proto.vega.api.SubmitTransactionResponse;
import io.cutover.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The bad-input corpus replayed through vega.api.v1: every transaction file over gRPC SubmitRawTransaction and
 * SubmitTransaction (when the bytes parse as a Transaction) and over the REST paths /transaction/raw and /transaction;
 * every raw REST body to /transaction/raw. Each answer has Vega's code for the manifest's reason and the reason in
 * {@code data}; nothing reaches upgrade.transactions.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
class VegaCorpusTest extends ServiceTest {

    /** Vega's ABCI code for the corpus' reasons, as the README's table gives them (51 for any other). */
    private static final Map<String, Integer> CODES = Map.ofEntries(
            Map.entry("MALFORMED_TRANSACTION", 60), Map.entry("TOO_LARGE", 60), Map.entry("UNSUPPORTED_TX_VERSION", 60),
            Map.entry("UNSUPPORTED_SIGNATURE_ALGORITHM", 60), Map.entry("SIGNATURE_INVALID", 60),
            Map.entry("UNKNOWN_VALIDATOR", 51), Map.entry("NOT_CONSENSUS_VALIDATOR", 51), Map.entry("INVALID_RELEASE_TAG", 51),
            Map.entry("HEIGHT_TOO_SOON", 51), Map.entry("DOWNGRADE", 51), Map.entry("UNKNOWN_PROPOSAL", 51),
            Map.entry("DUPLICATE_TRANSACTION", 89), Map.entry("STALE_BLOCK_HEIGHT", 89), Map.entry("UNKNOWN_COMMAND", 80));

    @Test
    void everyCorpusEntryGetsVegasCodeAndNoneReachesKafka() throws Exception {
        var core = CoreServiceGrpc.newBlockingStub(channel);
        int recordsBefore = Clients.transactions().size();
        List<String> mismatches = new ArrayList<>();
        int answered = 0;
        for (CorpusEntry entry : CorpusEntry.manifest()) {
            byte[] content = entry.content();
            switch (entry.transport()) {
                case "setup" -> Clients.grpc(channel, content); // accepted once here or by BadInputCorpusTest: the duplicates refer to it
                case "both" -> {
                    int expected = expectedCode(entry);
                    SubmitRawTransactionResponse raw = core.withDeadlineAfter(30, TimeUnit.SECONDS).submitRawTransaction(
                            SubmitRawTransactionRequest.newBuilder().setTx(ByteString.copyFrom(content))
                                    .setType(SubmitRawTransactionRequest.Type.TYPE_SYNC).build());
                    expect(mismatches, entry, "gRPC raw", raw.getCode(), hexText(raw.getData()), expected);
                    expect(mismatches, entry, "REST raw", rest("/transaction/raw", "application/json",
                            "{\"tx\":\"" + Base64.getEncoder().encodeToString(content) + "\",\"type\":\"TYPE_SYNC\"}"), expected);
                    answered += 2;
                    Optional<Transaction> typed = typed(content);
                    if (typed.isPresent()) {
                        SubmitTransactionResponse submitted = core.withDeadlineAfter(30, TimeUnit.SECONDS).submitTransaction(
                                SubmitTransactionRequest.newBuilder().setTx(typed.get()).setType(SubmitTransactionRequest.Type.TYPE_SYNC).build());
                        expect(mismatches, entry, "gRPC", submitted.getCode(), submitted.getData(), expected);
                        answered++;
                        if (typed.get().getUnknownFields().asMap().isEmpty()) {
                            // JSON has no room for unknown protobuf fields: only transactions without them travel as JSON unchanged
                            expect(mismatches, entry, "REST", rest("/transaction", "application/json",
                                    "{\"tx\":" + JsonFormat.printer().print(typed.get()) + ",\"type\":\"TYPE_SYNC\"}"), expected);
                            answered++;
                        }
                    }
                }
                case "rest" -> {
                    Outcome outcome = rest("/transaction/raw", entry.contentType(), new String(content, StandardCharsets.UTF_8));
                    // a body that is no request is the gateway's INVALID_ARGUMENT; one that is (any Content-Type is read as
                    // JSON, as Vega's gateway does) is judged: refused with a code, never accepted
                    boolean gatewayError = outcome.http() == 400 && outcome.code() == 3;
                    boolean refused = outcome.http() == 200 && outcome.code() != 0 && outcome.data().contains("_");
                    if (!gatewayError && !refused) {
                        mismatches.add(entry.file() + " over REST raw: " + outcome);
                    }
                    answered++;
                }
                default -> throw new IllegalStateException("unknown transport in manifest: " + entry.transport());
            }
        }
        assertThat(mismatches).as("entries whose Vega answer differs from the manifest's reason").isEmpty();
        assertThat(answered).isGreaterThan(200);
        int setup = Clients.transactions().size() - recordsBefore;
        assertThat(setup).as("only the setup transaction can have been written").isLessThanOrEqualTo(1);
    }

    private static int expectedCode(CorpusEntry entry) {
        if ("NONCE_REUSED".equals(entry.reason())) {
            return entry.file().equals("nonce-zero.bin") ? 60 : 89;
        }
        // "51 for the other refusals": a reason added later is a validation failure unless listed above
        return CODES.getOrDefault(entry.reason(), 51);
    }

    private static Optional<Transaction> typed(byte[] content) {
        try {
            return Optional.of(Transaction.parseFrom(content));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    private record Outcome(int http, int code, String data) {
    }

    private static Outcome rest(String path, String contentType, String body) {
        Response response = given().contentType(contentType).body(body).post(path);
        return new Outcome(response.statusCode(), response.jsonPath().getInt("code"),
                response.statusCode() == 200 ? response.jsonPath().getString("data") : response.jsonPath().getString("message"));
    }

    private static void expect(List<String> mismatches, CorpusEntry entry, String transport, Outcome outcome, int code) {
        String data = transport.endsWith("raw") && outcome.http() == 200 ? hexText(outcome.data()) : outcome.data();
        if (outcome.http() != 200) {
            mismatches.add(entry.file() + " over " + transport + ": HTTP " + outcome.http() + " " + outcome.data());
            return;
        }
        expect(mismatches, entry, transport, outcome.code(), data, code);
    }

    private static void expect(List<String> mismatches, CorpusEntry entry, String transport, int code, String data, int expected) {
        if (code != expected || !data.startsWith(entry.reason() + ": ")) {
            mismatches.add(entry.file() + " over " + transport + ": expected " + expected + " " + entry.reason() + ", got " + code + " " + data);
        }
    }

    private static String hexText(String upperHex) {
        return new String(java.util.HexFormat.of().parseHex(upperHex), StandardCharsets.UTF_8);
    }
}
