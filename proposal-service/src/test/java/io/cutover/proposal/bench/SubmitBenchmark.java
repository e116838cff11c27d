package io.cutover.proposal.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tx.SignedMessage;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.core.tx.VegaSignatures;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.SubmitTransactionRequest;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.api.CoreServiceGrpc;
import io.cutover.testing.KafkaBroker;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * Throughput and latency of valid signed transactions through gRPC to a Kafka-acknowledged write,
 * over cutover.v1.ProposalService and over vega.api.v1.CoreService (SubmitTransaction TYPE_SYNC, the
 * wallet's call) one after the other against the same service, beside the raw Ed25519 + SHA3-256
 * verification rate of this JVM (one and two threads) and the cost of verifying a proof of work,
 * measured in the same run on the same machine. Starts a real broker and the built service (fast-jar) as
 * child processes. Not a test: run it with proposal-service/bench/run.sh.
 *
 * Arguments: path to quarkus-run.jar, [transactions (default 20000)], [in flight (default 64)].
 */
public final class SubmitBenchmark {

    private static final String CHAIN = "cutover-bench";
    private static final int VALIDATORS = 8;
    private static final long HEIGHT = 1000;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 64;

        TransactionSigner[] signers = new TransactionSigner[VALIDATORS];
        StringBuilder toml = new StringBuilder("chain_id = \"" + CHAIN + "\"\ncurrent_release = \"v1.0.0\"\n");
        for (int i = 0; i < VALIDATORS; i++) {
            byte[] seed = new byte[32];
            seed[0] = (byte) (i + 1);
            signers[i] = new TransactionSigner(seed);
            toml.append("[[validators]]\nname = \"v").append(i).append("\"\npub_key = \"").append(signers[i].publicKeyHex())
                    .append("\"\nvoting_power = 10\n");
        }
        Path network = Files.createTempFile("bench-network-", ".toml");
        Files.writeString(network, toml);

        System.out.println("signing " + (2 * count + 6000) + " transactions ...");
        List<byte[]> warmup = sign(signers, 6000, 1);
        List<byte[]> measured = sign(signers, count, 1_000_000);
        List<byte[]> measuredVega = sign(signers, count, 100_000_000);

        double single = verifyRate(1, measured);
        double two = verifyRate(2, measured);
        ProofOfWorkCost pow = ProofOfWorkCost.measure(15);

        try (KafkaBroker broker = KafkaBroker.start()) {
            reportHeight(broker.bootstrapServers(), signers);
            int port = freePort();
            Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                    "-Dcutover.network-file=" + network, "-Dcutover.height.max-age=1h", "-Dcutover.rate-limit.burst=10000000",
                    "-Dquarkus.log.level=WARN", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(Path.of("target/bench-service.log").toFile()).start();
            try {
                awaitReady(port);
                ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                run(channel, warmup.subList(0, warmup.size() / 2), inFlight, new long[warmup.size()], Api.CUTOVER);
                run(channel, warmup.subList(warmup.size() / 2, warmup.size()), inFlight, new long[warmup.size()], Api.VEGA);
                // alternating halves, so that neither API profits from running later (a warmer JIT, a fuller log)
                Measured cutover = new Measured(Api.CUTOVER);
                Measured vega = new Measured(Api.VEGA);
                int half = count / 2;
                cutover.add(channel, measured.subList(0, half), inFlight);
                vega.add(channel, measuredVega.subList(0, half), inFlight);
                cutover.add(channel, measured.subList(half, count), inFlight);
                vega.add(channel, measuredVega.subList(half, count), inFlight);
                double rate = cutover.print(inFlight);
                double vegaRate = vega.print(inFlight);
                channel.shutdownNow();
                System.out.printf("%nraw Ed25519+SHA3-256 verification, this JVM: 1 thread %.0f/s, 2 threads %.0f/s%n", single, two);
                System.out.printf("end to end / raw two-thread verification = %.2f%n", rate / two);
                System.out.printf("vega.api.v1 / cutover.v1 ingest = %.2f%n", vegaRate / rate);
                System.out.printf("proof-of-work verification (one SHA3-256, sha3_24_rounds): %.2f us/tx (%.0f/s, 1 thread), %.1f %% of a "
                        + "signature verification; solving at difficulty %d (client side): median %.1f ms over %d tids%n", pow.verifyMicros(),
                        1e6 / pow.verifyMicros(), 100 * pow.verifyMicros() / (1e6 / single), pow.difficulty(), pow.solveMedianMillis(), pow.solves());
                System.out.printf("load average while measuring: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            } finally {
                service.destroy();
                service.waitFor(20, TimeUnit.SECONDS);
            }
        }
        Files.deleteIfExists(network);
    }

    private static List<byte[]> sign(TransactionSigner[] signers, int count, long firstNonce) {
        List<byte[]> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            InputData input = InputData.newBuilder().setNonce(firstNonce + i).setBlockHeight(HEIGHT)
                    .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag("v1.1.0").setUpgradeBlockHeight(2000))
                    .build();
            txs.add(signers[i % signers.length].signV3(CHAIN, input).toByteArray());
        }
        return txs;
    }

    /** Verifications per second of pre-parsed transactions over {@code threads} threads for about 3 s. */
    private static double verifyRate(int threads, List<byte[]> txs) throws Exception {
        HexFormat hex = HexFormat.of();
        int n = Math.min(txs.size(), 2000);
        byte[][] keys = new byte[n][];
        byte[][] messages = new byte[n][];
        byte[][] signatures = new byte[n][];
        for (int i = 0; i < n; i++) {
            Transaction tx = Transaction.parseFrom(txs.get(i));
            keys[i] = hex.parseHex(tx.getPubKey());
            messages[i] = SignedMessage.v3(CHAIN, tx.getInputData().toByteArray());
            signatures[i] = hex.parseHex(tx.getSignature().getValue());
        }
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int i = 0; System.nanoTime() < warm; i++) {
            VegaSignatures.verify(keys[i % n], messages[i % n], signatures[i % n]);
        }
        AtomicInteger done = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    if (!VegaSignatures.verify(keys[i % n], messages[i % n], signatures[i % n])) {
                        throw new IllegalStateException("a valid signature did not verify");
                    }
                    i++;
                }
                done.addAndGet(i);
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    /** The two ingress APIs, one call each. */
    private enum Api {
        CUTOVER("cutover.v1.ProposalService/SubmitTransaction"), VEGA("vega.api.v1.CoreService/SubmitTransaction TYPE_SYNC");

        final String label;

        Api(String label) {
            this.label = label;
        }
    }

    /** One API's submissions over several rounds: total time, every latency. */
    private static final class Measured {
        private final Api api;
        private final List<Long> latencies = new ArrayList<>();
        private long nanos;
        private int failures;

        Measured(Api api) {
            this.api = api;
        }

        void add(ManagedChannel channel, List<byte[]> txs, int inFlight) throws InterruptedException {
            long[] round = new long[txs.size()];
            long started = System.nanoTime();
            failures += run(channel, txs, inFlight, round, api);
            nanos += System.nanoTime() - started;
            for (long latency : round) {
                latencies.add(latency);
            }
        }

        double print(int inFlight) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            double rate = sorted.length / (nanos / 1e9);
            System.out.printf("%s to Kafka ack (acks=all), %d tx, %d in flight: %.0f tx/s, p50 %.2f ms, p99 %.2f ms, failures %d%n",
                    api.label, sorted.length, inFlight, rate, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                    failures);
            return rate;
        }
    }

    private static int run(ManagedChannel channel, List<byte[]> txs, int inFlight, long[] latencies, Api api) throws InterruptedException {
        ProposalServiceGrpc.ProposalServiceStub stub = ProposalServiceGrpc.newStub(channel);
        CoreServiceGrpc.CoreServiceStub vega = CoreServiceGrpc.newStub(channel);
        Semaphore window = new Semaphore(inFlight);
        CountDownLatch finished = new CountDownLatch(txs.size());
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < txs.size(); i++) {
            window.acquire();
            int index = i;
            long sent = System.nanoTime();
            Answer answer = new Answer() {
                void accepted(boolean accepted) {
                    if (!accepted && failures.incrementAndGet() <= 3) {
                        System.err.println("submission refused");
                    }
                }

                void onError(Throwable t) {
                    if (failures.incrementAndGet() <= 3) {
                        System.err.println("submission failed: " + t);
                    }
                    done();
                }

                void done() {
                    latencies[index] = System.nanoTime() - sent;
                    window.release();
                    finished.countDown();
                }
            };
            if (api == Api.CUTOVER) {
                stub.submitTransaction(SubmitTransactionRequest.newBuilder().setTx(ByteString.copyFrom(txs.get(i))).build(), answer.observer(r -> true));
            } else {
                vega.submitTransaction(io.cutover.proto.vega.api.SubmitTransactionRequest.newBuilder().setTx(parse(txs.get(i)))
                        .setType(io.cutover.proto.vega.api.SubmitTransactionRequest.Type.TYPE_SYNC).build(),
                        answer.observer(io.cutover.proto.vega.api.SubmitTransactionResponse::getSuccess));
            }
        }
        finished.await(5, TimeUnit.MINUTES);
        return failures.get();
    }

    /** One submission's outcome, for either API. */
    private abstract static class Answer {
        abstract void accepted(boolean accepted);

        abstract void onError(Throwable t);

        abstract void done();

        <T> StreamObserver<T> observer(java.util.function.Predicate<T> success) {
            return new StreamObserver<>() {
                public void onNext(T value) {
                    accepted(success.test(value));
                }

                public void onError(Throwable t) {
                    Answer.this.onError(t);
                }

                public void onCompleted() {
                    done();
                }
            };
        }
    }

    private static Transaction parse(byte[] tx) {
        try {
            return Transaction.parseFrom(tx);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reportHeight(String bootstrap, TransactionSigner[] signers) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < signers.length; i++) {
                RolloutStatus status = RolloutStatus.newBuilder().setChainId(CHAIN).setNode("n" + i).setValidatorKey(signers[i].publicKeyHex())
                        .setHeight(HEIGHT).setReportedAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond())).build();
                producer.send(new ProducerRecord<>(Topics.ROLLOUT_STATUS, CHAIN + "/n" + i, EventJson.write(status)));
            }
        }
    }

    private static void awaitReady(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/network")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (info.statusCode() == 200 && info.body().contains("\"networkHeight\":" + HEIGHT)) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service did not become ready; see target/bench-service.log");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
