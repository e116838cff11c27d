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
import io.cutover.proto.v1.SubmitTransactionResult;
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
    /** How long each API is exercised before measuring: the service's JIT keeps compiling the hot paths for ~20 s. */
    private static final long WARM_UP_SECONDS = Long.getLong("bench.warmup.seconds", 20);
    private static final int WARM_UP_CHUNK = 5_000;
    /** The APIs measured: all by default, or those named in -Dbench.apis=CUTOVER,VEGA,STREAM (e.g. to profile one). */
    private static final List<Api> APIS = java.util.Arrays.stream(System.getProperty("bench.apis", "CUTOVER,VEGA,STREAM").split(","))
            .map(String::trim).map(Api::valueOf).toList();

    /** a ÷ b with two decimals, or "not measured" when an API was left out with -Dbench.apis. */
    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? "not measured" : String.format("%.2f", a / b);
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int streamInFlight = args.length > 3 ? Integer.parseInt(args[3]) : 256;

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

        System.out.println("signing " + (APIS.size() * count) + " transactions ...");
        Map<Api, List<byte[]>> measuredByApi = new java.util.EnumMap<>(Api.class);
        for (Api api : APIS) {
            measuredByApi.put(api, sign(signers, count, (api.ordinal() + 1) * 100_000_000L));
        }
        List<byte[]> measured = measuredByApi.get(APIS.get(0));

        double single = verifyRate(1, measured);
        double two = verifyRate(2, measured);
        ProofOfWorkCost pow = ProofOfWorkCost.measure(15);

        try (KafkaBroker broker = KafkaBroker.start()) {
            reportHeight(broker.bootstrapServers(), signers);
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            String serviceOptions = System.getProperty("bench.service.options", "").trim();
            if (!serviceOptions.isEmpty()) {
                command.addAll(List.of(serviceOptions.split("\\s+")));
            }
            command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                    "-Dcutover.network-file=" + network, "-Dcutover.height.max-age=1h", "-Dcutover.rate-limit.burst=10000000",
                    "-Dquarkus.log.level=WARN", "-jar", jar.toString()));
            Process service = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(Path.of("target/bench-service.log").toFile()).start();
            try {
                awaitReady(port);
                ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                Pids pids = new Pids(service.pid(), broker.nodes().get(0).pid(), ProcessHandle.current().pid());
                warmUp(channel, signers, inFlight, streamInFlight);
                // alternating halves, so that no API profits from running later (a warmer JIT, a fuller log)
                Map<Api, Measured> results = new java.util.EnumMap<>(Api.class);
                for (Api api : APIS) {
                    results.put(api, new Measured(api, api.inFlight(inFlight, streamInFlight), pids));
                }
                int half = count / 2;
                for (int round = 0; round < 2; round++) {
                    for (Api api : APIS) {
                        results.get(api).add(channel, measuredByApi.get(api).subList(round * half, (round + 1) * half));
                    }
                }
                Map<Api, Double> rates = new java.util.EnumMap<>(Api.class);
                results.forEach((api, measuredApi) -> rates.put(api, measuredApi.print()));
                double rate = rates.getOrDefault(Api.CUTOVER, Double.NaN);
                double vegaRate = rates.getOrDefault(Api.VEGA, Double.NaN);
                double streamRate = rates.getOrDefault(Api.STREAM, Double.NaN);
                channel.shutdownNow();
                System.out.printf("%nraw Ed25519+SHA3-256 verification, this JVM: 1 thread %.0f/s, 2 threads %.0f/s%n", single, two);
                System.out.printf("end to end / raw two-thread verification = %s (unary SubmitTransaction), %s (SubmitTransactions stream)%n",
                        ratio(rate, two), ratio(streamRate, two));
                System.out.printf("vega.api.v1 / cutover.v1 ingest = %s%n", ratio(vegaRate, rate));
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

    /** Each API in turn, in chunks of freshly signed transactions, until it has run for {@link #WARM_UP_SECONDS}. */
    private static void warmUp(ManagedChannel channel, TransactionSigner[] signers, int inFlight, int streamInFlight)
            throws InterruptedException {
        long nonce = 1;
        for (Api api : APIS) {
            long submitting = 0; // signing the next chunk does not count as warm-up
            while (submitting < TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS)) {
                List<byte[]> chunk = sign(signers, WARM_UP_CHUNK, nonce);
                nonce += WARM_UP_CHUNK;
                long started = System.nanoTime();
                run(channel, chunk, api.inFlight(inFlight, streamInFlight), new long[chunk.size()], api);
                submitting += System.nanoTime() - started;
            }
        }
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

    /** The ingress APIs: a unary call per transaction, or Cutover's stream for bulk senders. */
    private enum Api {
        CUTOVER("cutover.v1.ProposalService/SubmitTransaction"),
        VEGA("vega.api.v1.CoreService/SubmitTransaction TYPE_SYNC"),
        STREAM("cutover.v1.ProposalService/SubmitTransactions (one stream)");

        final String label;

        Api(String label) {
            this.label = label;
        }

        int inFlight(int unary, int stream) {
            return this == STREAM ? stream : unary;
        }
    }

    /** The processes whose CPU time is charged to the transactions: the service, the broker and this client. */
    private record Pids(long service, long broker, long client) {
        long[] cpuMicros() {
            return new long[] {ProcessCpu.micros(service), ProcessCpu.micros(broker), ProcessCpu.micros(client)};
        }
    }

    /** One API's submissions over several rounds: total time, every latency, the CPU each process spent. */
    private static final class Measured {
        private final Api api;
        private final int inFlight;
        private final Pids pids;
        private final List<Long> latencies = new ArrayList<>();
        private final long[] cpuMicros = new long[3];
        private long nanos;
        private int failures;

        Measured(Api api, int inFlight, Pids pids) {
            this.api = api;
            this.inFlight = inFlight;
            this.pids = pids;
        }

        void add(ManagedChannel channel, List<byte[]> txs) throws InterruptedException {
            long[] round = new long[txs.size()];
            long[] cpuBefore = pids.cpuMicros();
            long started = System.nanoTime();
            failures += run(channel, txs, inFlight, round, api);
            nanos += System.nanoTime() - started;
            long[] cpuAfter = pids.cpuMicros();
            for (int i = 0; i < cpuMicros.length; i++) {
                cpuMicros[i] += cpuAfter[i] - cpuBefore[i];
            }
            for (long latency : round) {
                latencies.add(latency);
            }
        }

        double print() {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            double rate = sorted.length / (nanos / 1e9);
            System.out.printf("%s to Kafka ack (acks=all), %d tx, %d in flight: %.0f tx/s, p50 %.2f ms, p99 %.2f ms, failures %d%n",
                    api.label, sorted.length, inFlight, rate, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                    failures);
            double n = sorted.length;
            System.out.printf("  CPU per transaction: service %.0f us, broker %.0f us, load generator %.0f us; cores busy %.2f of 2%n",
                    cpuMicros[0] / n, cpuMicros[1] / n, cpuMicros[2] / n, (cpuMicros[0] + cpuMicros[1] + cpuMicros[2]) / 1e3 / (nanos / 1e6));
            return rate;
        }
    }

    private static int run(ManagedChannel channel, List<byte[]> txs, int inFlight, long[] latencies, Api api) throws InterruptedException {
        if (api == Api.STREAM) {
            return stream(channel, txs, inFlight, latencies);
        }
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

    /** All of {@code txs} over one SubmitTransactions stream, at most {@code inFlight} unanswered. */
    private static int stream(ManagedChannel channel, List<byte[]> txs, int inFlight, long[] latencies) throws InterruptedException {
        Semaphore window = new Semaphore(inFlight);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        long[] sent = new long[txs.size()];
        StreamObserver<SubmitTransactionRequest> requests = ProposalServiceGrpc.newStub(channel).submitTransactions(new StreamObserver<>() {
            public void onNext(SubmitTransactionResult result) {
                int index = (int) result.getSequence();
                latencies[index] = System.nanoTime() - sent[index];
                if (!result.getReason().isEmpty() && failures.incrementAndGet() <= 3) {
                    System.err.println("submission refused: " + result.getReason() + " " + result.getMessage());
                }
                window.release();
            }

            public void onError(Throwable t) {
                failures.addAndGet(txs.size());
                System.err.println("stream failed: " + t);
                finished.countDown();
            }

            public void onCompleted() {
                finished.countDown();
            }
        });
        for (int i = 0; i < txs.size(); i++) {
            window.acquire();
            sent[i] = System.nanoTime();
            requests.onNext(SubmitTransactionRequest.newBuilder().setTx(ByteString.copyFrom(txs.get(i))).build());
        }
        requests.onCompleted();
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
