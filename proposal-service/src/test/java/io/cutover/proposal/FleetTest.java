package io.cutover.proposal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tx.Digests;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proposal.Clients.Outcome;
import io.cutover.proto.v1.GetNetworkInfoRequest;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.testing.KafkaBrokerResource;
import io.cutover.testing.TestFiles;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * One proposal-service serving a folder of network files: two networks with their own validators (one key
 * a validator of both), a third that only measures a block time, a broken file and a second file of a
 * served chain id, which are logged and not served.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@TestProfile(FleetTest.Fleet.class)
class FleetTest {

    static final String ALPHA = "fleet-alpha";
    static final String BETA = "fleet-beta";
    static final String GAMMA = "fleet-gamma";
    static final TransactionSigner ONLY_ALPHA = TestNetwork.signer(40);
    static final TransactionSigner ONLY_BETA = TestNetwork.signer(41);
    static final TransactionSigner BOTH = TestNetwork.signer(42);
    static final TransactionSigner ONLY_GAMMA = TestNetwork.signer(43);
    static final long HEIGHT = TestNetwork.HEIGHT;
    private static final AtomicLong NONCES = new AtomicLong(5000);

    /** cutover.networks points at a folder this profile writes; the log goes to a file the tests read. */
    public static class Fleet implements QuarkusTestProfile {
        static Path folder;
        static Path log;

        @Override
        public Map<String, String> getConfigOverrides() {
            writeFolder();
            return Map.of("cutover.networks", folder.toString(),
                    "cutover.height.max-age", "1h",
                    "cutover.network-file-check-interval", "200ms",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", log.toString());
        }

        static synchronized void writeFolder() {
            if (folder != null) {
                return;
            }
            folder = TestFiles.directory("cutover-fleet-");
            log = folder.resolveSibling(folder.getFileName() + ".log");
            write("a-alpha.toml", toml(ALPHA, ONLY_ALPHA, BOTH));
            write("b-beta.toml", toml(BETA, ONLY_BETA, BOTH));
            write("c-broken.toml", toml("fleet-broken", ONLY_BETA).replace("min_lead_blocks = 20", "min_lead_blocks = \"soon\""));
            write("d-alpha-again.toml", toml(ALPHA, ONLY_BETA));
            write("e-gamma.toml", toml(GAMMA, ONLY_GAMMA));
        }

        private static void write(String name, String content) {
            try {
                Files.writeString(folder.resolve(name), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String toml(String chain, TransactionSigner... validators) {
            StringBuilder toml = new StringBuilder("chain_id = \"").append(chain).append("\"\ncurrent_release = \"v1.0.0\"\n")
                    .append("approval_threshold = \"2/3\"\napproval_rule = \"greater\"\nmin_lead_blocks = 20\nreplay_window_blocks = 150\n");
            int i = 1;
            for (TransactionSigner v : validators) {
                toml.append("\n[[validators]]\nname = \"").append(chain).append("-").append(i++).append("\"\npub_key = \"")
                        .append(v.publicKeyHex()).append("\"\nvoting_power = 10\n");
            }
            return toml.toString();
        }
    }

    private ManagedChannel channel;

    @BeforeEach
    void connectAndKnowTheHeights() {
        channel = Clients.channel(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
        knowHeight(ALPHA, ONLY_ALPHA, BOTH);
        knowHeight(BETA, ONLY_BETA, BOTH);
    }

    private static void knowHeight(String chain, TransactionSigner... validators) {
        if (given().queryParam("chain", chain).get("/api/v1/network").jsonPath().getLong("networkHeight") != HEIGHT) {
            Clients.reportHeight(chain, HEIGHT, validators);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().queryParam("chain", chain).get("/api/v1/network").jsonPath().getLong("networkHeight") == HEIGHT);
        }
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static byte[] proposal(TransactionSigner signer, String chain, String tag) {
        return signer.signV3(chain, TestNetwork.proposal(NONCES.incrementAndGet(), tag, HEIGHT + 100)).toByteArray();
    }

    private static ConsumerRecord<String, String> recordOf(byte[] tx) {
        String hash = Digests.sha256Hex(tx);
        return Clients.transactions().stream().filter(r -> r.value().contains(hash)).findFirst().orElseThrow();
    }

    private static void nothingOnKafka(byte[] tx) {
        String hash = Digests.sha256Hex(tx);
        assertThat(Clients.transactions()).noneMatch(r -> r.value().contains(hash));
    }

    @Test
    void eachNetworkAcceptsItsValidatorsTransactionsUnderItsChainId() {
        byte[] alpha = proposal(ONLY_ALPHA, ALPHA, "v1.1.0");
        byte[] beta = proposal(ONLY_BETA, BETA, "v1.2.0");
        assertThat(Clients.grpc(channel, alpha)).isEqualTo(new Outcome("OK", null, Digests.sha256Hex(alpha), "v1.1.0@1100"));
        assertThat(Clients.rest(beta)).isEqualTo(new Outcome("202", null, Digests.sha256Hex(beta), "v1.2.0@1100"));
        assertThat(recordOf(alpha).key()).isEqualTo(ALPHA);
        assertThat(recordOf(alpha).value()).contains("\"chainId\":\"" + ALPHA + "\"");
        assertThat(recordOf(beta).key()).isEqualTo(BETA);
    }

    @Test
    void aTransactionOfOneNetworkFromAValidatorOfTheOtherOnlyIsRefusedAndNeverReachesKafka() {
        byte[] signedForAlpha = proposal(ONLY_BETA, ALPHA, "v1.1.0");
        assertThat(Clients.grpc(channel, signedForAlpha)).isEqualTo(new Outcome("UNAUTHENTICATED", "SIGNATURE_INVALID", null, null));
        byte[] stranger = proposal(TestNetwork.STRANGER, ALPHA, "v1.1.0");
        assertThat(Clients.rest(stranger)).isEqualTo(new Outcome("403", "UNKNOWN_VALIDATOR", null, null));
        nothingOnKafka(signedForAlpha);
        nothingOnKafka(stranger);
    }

    @Test
    void aKeyThatIsAValidatorOfBothIsRoutedByTheChainItsSignatureHoldsUnder() {
        byte[] forBeta = proposal(BOTH, BETA, "v1.3.0");
        byte[] forAlpha = proposal(BOTH, ALPHA, "v1.3.0");
        assertThat(Clients.grpc(channel, forBeta).accepted()).isTrue();
        assertThat(Clients.rest(forAlpha).accepted()).isTrue();
        assertThat(recordOf(forBeta).key()).isEqualTo(BETA);
        assertThat(recordOf(forAlpha).key()).isEqualTo(ALPHA);

        assertThat(Clients.grpc(channel, forBeta)).isEqualTo(new Outcome("ALREADY_EXISTS", "DUPLICATE_TRANSACTION", null, null));
        assertThat(Clients.rest(forAlpha)).isEqualTo(new Outcome("409", "DUPLICATE_TRANSACTION", null, null));
        String forBetaHash = Digests.sha256Hex(forBeta);
        assertThat(Clients.transactions().stream().filter(r -> r.value().contains(forBetaHash))).hasSize(1);
    }

    @Test
    void networkInfoNeedsTheChainWhileSeveralAreServed() {
        NetworkInfo beta = ProposalServiceGrpc.newBlockingStub(channel).getNetworkInfo(GetNetworkInfoRequest.newBuilder().setChainId(BETA).build());
        assertThat(beta.getChainId()).isEqualTo(BETA);
        assertThat(beta.getValidatorsList()).extracting(v -> v.getPubKey()).containsExactly(ONLY_BETA.publicKeyHex(), BOTH.publicKeyHex());
        assertThat(beta.getNetworkHeight()).isEqualTo(HEIGHT);
        assertThat(grpcRefusal(GetNetworkInfoRequest.getDefaultInstance())).isEqualTo("INVALID_ARGUMENT CHAIN_REQUIRED");
        assertThat(grpcRefusal(GetNetworkInfoRequest.newBuilder().setChainId("fleet-nobody").build())).isEqualTo("NOT_FOUND UNKNOWN_CHAIN");

        assertThat(given().queryParam("chain", ALPHA).get("/api/v1/network").jsonPath().getString("chainId")).isEqualTo(ALPHA);
        var required = given().get("/api/v1/network");
        assertThat(required.statusCode()).isEqualTo(400);
        assertThat(required.contentType()).startsWith("application/problem+json");
        assertThat(required.jsonPath().getString("reason")).isEqualTo("CHAIN_REQUIRED");
        var unknown = given().queryParam("chain", "fleet-nobody").get("/api/v1/network");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.jsonPath().getString("reason")).isEqualTo("UNKNOWN_CHAIN");
    }

    private String grpcRefusal(GetNetworkInfoRequest request) {
        StatusRuntimeException e = (StatusRuntimeException) catchThrowable(
                () -> ProposalServiceGrpc.newBlockingStub(channel).getNetworkInfo(request));
        assertThat(e).isNotNull();
        com.google.rpc.ErrorInfo info = StatusProto.fromThrowable(e).getDetailsList().stream()
                .filter(a -> a.is(com.google.rpc.ErrorInfo.class)).map(a -> {
                    try {
                        return a.unpack(com.google.rpc.ErrorInfo.class);
                    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                        throw new IllegalStateException(x);
                    }
                }).findFirst().orElseThrow();
        return e.getStatus().getCode() + " " + info.getReason();
    }

    @Test
    void theServedNetworksAreListedAndTheFilesNotServedAreLoggedWithFileAndKey() throws IOException {
        var networks = given().get("/api/v1/networks").jsonPath();
        assertThat(networks.getList("chainId", String.class)).containsExactly(ALPHA, BETA, GAMMA);
        assertThat(networks.getString("[0].file")).isEqualTo(Fleet.folder.resolve("a-alpha.toml").toString());
        assertThat(networks.getInt("[1].validators")).isEqualTo(2);
        assertThat(networks.getString("[0].currentRelease")).isEqualTo("v1.0.0");
        assertThat(networks.getLong("[1].networkHeight")).isEqualTo(HEIGHT);

        String log = Files.readString(Fleet.log);
        assertThat(log).contains(Fleet.folder.resolve("c-broken.toml").toString()).contains("min_lead_blocks");
        assertThat(log).contains(Fleet.folder.resolve("d-alpha-again.toml") + ": chain_id: " + ALPHA + " is already served");
        // the other chain's validator cannot submit under the duplicate file's chain: it was not served
        assertThat(Clients.grpc(channel, proposal(ONLY_BETA, ALPHA, "v1.4.0")).reason()).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void aChangedFileIsReReadOnItsOwnAndABrokenVersionKeepsTheLastGoodOne() throws IOException {
        Path beta = Fleet.folder.resolve("b-beta.toml");
        String good = Files.readString(beta);
        Files.writeString(beta, good.replace("current_release = \"v1.0.0\"", "current_release = \"v1.0.1\""));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "v1.0.1".equals(given().queryParam("chain", BETA).get("/api/v1/network").jsonPath().getString("currentRelease")));
        assertThat(given().queryParam("chain", ALPHA).get("/api/v1/network").jsonPath().getString("currentRelease")).isEqualTo("v1.0.0");

        Files.writeString(beta, good.replace("approval_threshold = \"2/3\"", "approval_threshold = \"most\""));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(Fleet.log).contains("the last good one of " + BETA + " stays in force"));
        assertThat(given().queryParam("chain", BETA).get("/api/v1/network").jsonPath().getString("currentRelease")).isEqualTo("v1.0.1");
        assertThat(Files.readString(Fleet.log)).contains(beta + " has 1 problem").contains("approval_threshold");
        assertThat(Clients.grpc(channel, proposal(ONLY_BETA, BETA, "v1.5.0")).accepted()).as("the network is still served").isTrue();
    }

    @Test
    void theBlockTimeIsMeasuredFromTheHeightsReportedOnThatNetwork() {
        Instant t0 = Instant.now().minusSeconds(60);
        report(GAMMA, ONLY_GAMMA, 100, t0);
        report(GAMMA, ONLY_GAMMA, 105, t0.plusMillis(2500));
        report(GAMMA, ONLY_GAMMA, 115, t0.plusMillis(7500));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> given().queryParam("chain", GAMMA).get("/api/v1/network").jsonPath().getInt("blockTimeSamples") == 15);
        assertThat(given().queryParam("chain", GAMMA).get("/api/v1/network").jsonPath().getLong("blockTimeMillis")).isEqualTo(500);
        NetworkInfo gamma = ProposalServiceGrpc.newBlockingStub(channel).getNetworkInfo(GetNetworkInfoRequest.newBuilder().setChainId(GAMMA).build());
        assertThat(gamma.getBlockTimeMillis()).isEqualTo(500);
        assertThat(gamma.getBlockTimeSamples()).as("the blocks the measurement spans").isEqualTo(15);
        assertThat(given().queryParam("chain", ALPHA).get("/api/v1/network").jsonPath().getInt("blockTimeSamples"))
                .as("another network's heights do not count").isZero();
    }

    private static void report(String chain, TransactionSigner validator, long height, Instant at) {
        RolloutStatus status = RolloutStatus.newBuilder().setChainId(chain).setNode("gamma-node").setValidatorKey(validator.publicKeyHex())
                .setHeight(height).setReportedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())).build();
        Clients.publish(Topics.ROLLOUT_STATUS, Topics.rolloutStatusKey(chain, "gamma-node"), EventJson.write(status));
    }
}
