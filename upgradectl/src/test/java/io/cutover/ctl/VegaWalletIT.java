package io.cutover.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;

import io.cutover.core.events.Topics;
import io.cutover.core.pow.VegaProofOfWork;
import io.cutover.core.tx.Digests;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.ctl.e2e.ChildProcesses;
import io.cutover.ctl.e2e.CtlRunner;
import io.cutover.ctl.e2e.CtlRunner.Result;
import io.cutover.ctl.e2e.HeightFeed;
import io.cutover.ctl.e2e.PackagedService;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProofOfWork;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.api.CoreServiceGrpc;
import io.cutover.proto.vega.api.LastBlockHeightRequest;
import io.cutover.proto.vega.api.LastBlockHeightResponse;
import io.cutover.proto.vega.api.SubmitTransactionRequest;
import io.cutover.proto.vega.api.SubmitTransactionResponse;
import io.cutover.testing.FreshBroker;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A Vega wallet's flow against the packaged proposal-service (proof of work on) and vote-aggregator on a real
 * broker: LastBlockHeight, solve, sign, SubmitTransaction TYPE_SYNC for two validators over gRPC and a third over
 * the REST gateway reach an approval; the packaged upgradectl solves the proof of work itself; the proof-of-work
 * refusals (missing, wrong nonce, future block, block outside the window, reused tid) on vega.api.v1 and on
 * cutover.v1 write nothing.
 */
@ExtendWith(KafkaBrokerExtension.class)
@FreshBroker
class VegaWalletIT {

    private static final String CHAIN = "cutover-vega-wallet";
    private static final long HEIGHT = 1000;
    private static final int DIFFICULTY = 10;
    private static final int PAST_BLOCKS = 10;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildProcesses processes = new ChildProcesses();
    private final List<TransactionSigner> wallets = List.of(signer(1), signer(2), signer(3));
    private Path repository;
    private Path work;
    private KafkaBroker broker;
    private HeightFeed feed;
    private ManagedChannel channel;

    @BeforeEach
    void freshWorkFolder() throws IOException {
        repository = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(repository.resolve("bin/upgradectl"))) {
            repository = repository.getParent();
        }
        work = Path.of("target", "vega-wallet").toAbsolutePath();
        if (Files.exists(work)) {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(work);
    }

    @AfterEach
    void stopEverythingStarted() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (feed != null) {
            feed.close();
        }
        processes.stopAll();
        assertThat(processes.alive()).as("processes the test started and left running").isEmpty();
    }

    @Test
    void walletsReachAnApprovalThroughTheVegaApiWithProofOfWork(KafkaBroker broker) throws Exception {
        this.broker = broker;
        CtlRunner local = new CtlRunner(repository.resolve("bin/upgradectl"), processes, List.of());
        Result keygen = local.runExactly(List.of("keygen", "--out", work.resolve("k4.key").toString(), "-o", "json"));
        assertThat(keygen.exitCode()).as(keygen.toString()).isZero();
        List<String> keys = new ArrayList<>(wallets.stream().map(TransactionSigner::publicKeyHex).toList());
        keys.add(keygen.json().path("pubKey").asText());
        Path toml = writeNetworkFile(keys);

        PackagedService proposals = PackagedService.start(processes, repository, "proposal-service", broker.bootstrapServers(), toml,
                work.resolve("proposal-service.log"), List.of());
        PackagedService aggregator = PackagedService.start(processes, repository, "vote-aggregator", broker.bootstrapServers(), toml,
                work.resolve("vote-aggregator.log"), List.of());
        proposals.awaitReady(Duration.ofSeconds(90));
        aggregator.awaitReady(Duration.ofSeconds(90));
        feed = HeightFeed.start(broker.bootstrapServers(), CHAIN, keys, "v1.0.0", HEIGHT);
        proposals.awaitJson("/api/v1/network", n -> n.path("networkHeight").asLong() == HEIGHT, SETTLE);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", proposals.port()).usePlaintext().build();
        CoreServiceGrpc.CoreServiceBlockingStub core = CoreServiceGrpc.newBlockingStub(channel);

        long upgradeHeight = HEIGHT + 30;
        String id = "v1.1.0@" + upgradeHeight;

        // two validators as the wallet library does it: LastBlockHeight, solve, sign, SubmitTransaction TYPE_SYNC
        for (TransactionSigner wallet : wallets.subList(0, 2)) {
            LastBlockHeightResponse last = core.withDeadlineAfter(10, TimeUnit.SECONDS).lastBlockHeight(LastBlockHeightRequest.getDefaultInstance());
            assertThat(last.getSpamPowDifficulty()).isEqualTo(DIFFICULTY);
            assertThat(last.getSpamPowHashFunction()).isEqualTo("sha3_24_rounds");
            Transaction tx = solved(sign(wallet, last.getChainId(), last.getHeight(), upgradeHeight), last.getHash(), randomTid(), DIFFICULTY);
            SubmitTransactionResponse answer = submit(core, tx);
            assertThat(answer.getSuccess()).as(answer.toString()).isTrue();
            assertThat(answer.getCode()).isZero();
            assertThat(answer.getTxHash()).isEqualTo(Digests.sha256Hex(tx.toByteArray()));
        }
        awaitProposal(aggregator, id, p -> p.path("approvers").size() == 2);

        // the third over the REST gateway, reading LastBlockHeight's JSON as a script would
        JsonNode last = get(proposals, "/blockchain/height");
        assertThat(last.path("height").asText()).isEqualTo(String.valueOf(HEIGHT));
        Transaction third = solved(sign(wallets.get(2), last.path("chainId").asText(), Long.parseLong(last.path("height").asText()),
                upgradeHeight), last.path("hash").asText(), randomTid(), last.path("spamPowDifficulty").asInt());
        JsonNode restAnswer = post(proposals, "/transaction", "{\"tx\":" + JsonFormat.printer().print(third) + ",\"type\":\"TYPE_SYNC\"}");
        assertThat(restAnswer.path("success").asBoolean()).as(restAnswer.toString()).isTrue();
        assertThat(restAnswer.path("code").asInt()).isZero();
        awaitProposal(aggregator, id, p -> p.path("status").asText().equals("PROPOSAL_STATUS_APPROVED"));

        // upgradectl sees the difficulty in GetNetworkInfo and solves the proof of work itself
        CtlRunner ctl = new CtlRunner(repository.resolve("bin/upgradectl"), processes,
                List.of("--endpoint", proposals.endpoint(), "--query-endpoint", aggregator.endpoint()));
        Result propose = ctl.run("propose", "--key", work.resolve("k4.key").toString(), "--release", "v1.1.0", "--height", "" + upgradeHeight);
        assertThat(propose.exitCode()).as(propose.toString()).isZero();
        assertThat(propose.stdout()).as(propose.toString()).contains("accepted");
        int written = records();
        assertThat(written).as("three wallets and upgradectl, each acknowledged by Kafka before the answer").isEqualTo(4);

        // proof-of-work refusals: Vega's spam code 89 with Cutover's reason, nothing written
        TransactionSigner wallet = wallets.get(0);
        String hash = core.lastBlockHeight(LastBlockHeightRequest.getDefaultInstance()).getHash();
        Transaction unsolved = sign(wallet, CHAIN, HEIGHT, upgradeHeight);
        assertSpam(submit(core, unsolved), "PROOF_OF_WORK_INVALID");
        Transaction good = solved(sign(wallet, CHAIN, HEIGHT, upgradeHeight), hash, randomTid(), DIFFICULTY);
        long wrong = good.getPow().getNonce() + 1;
        while (VegaProofOfWork.verify(hash, good.getPow().getTid(), wrong, DIFFICULTY)) {
            wrong++;
        }
        assertSpam(submit(core, good.toBuilder().setPow(good.getPow().toBuilder().setNonce(wrong)).build()), "PROOF_OF_WORK_INVALID");
        String futureHash = io.cutover.core.pow.BlockHashes.derived(CHAIN, HEIGHT + 1);
        assertSpam(submit(core, solved(sign(wallet, CHAIN, HEIGHT + 1, upgradeHeight), futureHash, randomTid(), DIFFICULTY)),
                "PROOF_OF_WORK_BLOCK_UNKNOWN");
        long old = HEIGHT - PAST_BLOCKS;
        assertSpam(submit(core, solved(sign(wallet, CHAIN, old, upgradeHeight), io.cutover.core.pow.BlockHashes.derived(CHAIN, old),
                randomTid(), DIFFICULTY)), "PROOF_OF_WORK_BLOCK_UNKNOWN");
        long recent = HEIGHT - PAST_BLOCKS + 1;
        String tid = randomTid();
        SubmitTransactionResponse recentOk = submit(core, solved(sign(wallet, CHAIN, recent, upgradeHeight),
                io.cutover.core.pow.BlockHashes.derived(CHAIN, recent), tid, DIFFICULTY));
        assertThat(recentOk.getCode()).as("a block numberOfPastBlocks - 1 behind: " + recentOk).isZero();
        assertSpam(submit(core, solved(sign(wallet, CHAIN, HEIGHT, upgradeHeight), hash, tid, DIFFICULTY)), "PROOF_OF_WORK_TID_REUSED");

        // every API asks for it: cutover.v1 over gRPC and REST
        StatusRuntimeException cutover = org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
                () -> ProposalServiceGrpc.newBlockingStub(channel).submitTransaction(io.cutover.proto.v1.SubmitTransactionRequest.newBuilder()
                        .setTx(sign(wallet, CHAIN, HEIGHT, upgradeHeight).toByteString()).build()));
        assertThat(cutover.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(cutover.getStatus().getDescription()).startsWith("PROOF_OF_WORK_INVALID");
        HttpResponse<String> problem = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + proposals.endpoint() + "/api/v1/transactions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"tx\":\""
                        + java.util.Base64.getEncoder().encodeToString(sign(wallet, CHAIN, HEIGHT, upgradeHeight).toByteArray()) + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(problem.body()).path("reason").asText()).isEqualTo("PROOF_OF_WORK_INVALID");

        assertThat(records()).as("only the one good transaction among the refusals was written").isEqualTo(written + 1);
    }

    private static void assertSpam(SubmitTransactionResponse answer, String reason) {
        assertThat(answer.getSuccess()).as(answer.toString()).isFalse();
        assertThat(answer.getCode()).as(answer.toString()).isEqualTo(89);
        assertThat(answer.getData()).as(answer.toString()).startsWith(reason + ": ");
    }

    private static SubmitTransactionResponse submit(CoreServiceGrpc.CoreServiceBlockingStub core, Transaction tx) {
        return core.withDeadlineAfter(30, TimeUnit.SECONDS).submitTransaction(SubmitTransactionRequest.newBuilder().setTx(tx)
                .setType(SubmitTransactionRequest.Type.TYPE_SYNC).build());
    }

    private static Transaction sign(TransactionSigner wallet, String chainId, long blockHeight, long upgradeHeight) {
        long nonce;
        do {
            nonce = RANDOM.nextLong();
        } while (nonce == 0);
        return wallet.signV3(chainId, InputData.newBuilder().setNonce(nonce).setBlockHeight(blockHeight)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag("v1.1.0").setUpgradeBlockHeight(upgradeHeight))
                .build());
    }

    /** As the wallet: the proof of work sits beside the signature, not under it. */
    private static Transaction solved(Transaction tx, String blockHash, String tid, int difficulty) {
        return tx.toBuilder().setPow(ProofOfWork.newBuilder().setTid(tid).setNonce(VegaProofOfWork.solve(blockHash, tid, difficulty))).build();
    }

    /** vgcrypto.RandomHash: hex SHA3-256 of 10 random bytes. */
    private static String randomTid() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(Digests.sha3_256(random));
    }

    private static TransactionSigner signer(int n) {
        byte[] seed = new byte[32];
        seed[0] = 77;
        seed[31] = (byte) n;
        return new TransactionSigner(seed);
    }

    private int records() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(Topics.TRANSACTIONS, 0);
            return consumer.endOffsets(List.of(partition)).get(partition).intValue();
        }
    }

    private static JsonNode get(PackagedService service, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + service.endpoint() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode post(PackagedService service, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + service.endpoint() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void awaitProposal(PackagedService aggregator, String id, java.util.function.Predicate<JsonNode> condition) {
        aggregator.awaitJson("/api/v1/proposals/" + URLEncoder.encode(id, StandardCharsets.UTF_8), condition, SETTLE);
    }

    private Path writeNetworkFile(List<String> keys) throws IOException {
        StringBuilder toml = new StringBuilder("chain_id = \"" + CHAIN + "\"\ncurrent_release = \"v1.0.0\"\nmin_lead_blocks = 20\n"
                + "[spam.pow]\ndifficulty = " + DIFFICULTY + "\nnumberOfPastBlocks = " + PAST_BLOCKS + "\nhashFunction = \"sha3_24_rounds\"\n");
        for (int i = 0; i < keys.size(); i++) {
            toml.append("\n[[validators]]\nname = \"validator-").append(i + 1).append("\"\npub_key = \"").append(keys.get(i))
                    .append("\"\nvoting_power = 10\n");
        }
        Path file = work.resolve("network.toml");
        Files.writeString(file, toml);
        return file;
    }
}
