package io.cutover.localnet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cutover.core.tx.Digests;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.Transaction;

/**
 * A steady stream of transactions to proposal-service's REST API while faults are injected: one valid
 * proposal (a release far ahead that nobody else votes for, so it never passes) and one invalid
 * transaction (its signature broken) per tick. It remembers what was acknowledged (202) and what was
 * refused, so the run can check the topic afterwards. Given several proposal-service instances it sends to
 * one and, when it cannot reach it, at once to the next (as upgradectl does); every request is recorded
 * with its time and outcome, for the unavailability window each fault caused.
 */
final class TransactionStream implements AutoCloseable {

    private static final Pattern NETWORK_HEIGHT = Pattern.compile("\"networkHeight\"\\s*:\\s*(\\d+)");
    private static final Pattern TX_HASH = Pattern.compile("\"txHash\"\\s*:\\s*\"([0-9a-f]{64})\"");
    private static final Pattern PROPOSAL_ID = Pattern.compile("\"proposalId\"\\s*:\\s*\"([^\"]+)\"");

    private final TransactionSigner signer;
    private final String chainId;
    private final List<URI> bases;
    private volatile int current;
    private final Duration interval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> invalidSent = ConcurrentHashMap.newKeySet();
    private final List<String> wronglyAccepted = new ArrayList<>();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger refusedValid = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private final List<Request> requests = new ArrayList<>();
    private final List<Acknowledged> acknowledgedInOrder = new ArrayList<>();
    private long nonce = System.currentTimeMillis();
    private int sequence;

    /** One submission: when it started, how long it took, whether it was acknowledged (202). */
    record Request(Instant started, Duration took, boolean acknowledged) {
    }

    /** An acknowledged valid transaction: its bytes, hash and proposal id. */
    record Acknowledged(byte[] tx, String txHash, String proposalId) {
    }

    TransactionStream(TransactionSigner signer, String chainId, int port, Duration interval) {
        this(signer, chainId, List.of(port), interval);
    }

    TransactionStream(TransactionSigner signer, String chainId, List<Integer> ports, Duration interval) {
        this.signer = signer;
        this.chainId = chainId;
        this.bases = ports.stream().map(port -> URI.create("http://127.0.0.1:" + port)).toList();
        this.interval = interval;
        this.thread = new Thread(this::loop, "transaction-stream");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            try {
                tick();
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void tick() {
        long height;
        try {
            Matcher m = NETWORK_HEIGHT.matcher(get("/api/v1/network"));
            if (!m.find()) {
                return;
            }
            height = Long.parseLong(m.group(1));
        } catch (Exception down) {
            unanswered.incrementAndGet();
            return;
        }
        sequence++;
        Transaction valid = signer.signV3(chainId, InputData.newBuilder().setNonce(++nonce).setBlockHeight(height)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag("v9.0." + sequence)
                        .setUpgradeBlockHeight(height + 500))
                .build());
        submit(valid.toByteArray(), true);
        Transaction invalid = valid.toBuilder().setSignature(valid.getSignature().toBuilder()
                .setValue(flip(valid.getSignature().getValue()))).build();
        submit(invalid.toByteArray(), false);
    }

    private void submit(byte[] tx, boolean valid) {
        String hash = Digests.sha256Hex(tx);
        if (!valid) {
            invalidSent.add(hash);
        }
        for (int attempt = 0; attempt < bases.size(); attempt++) {
            Instant started = Instant.now();
            try {
                HttpResponse<String> response = post(bases.get(current), tx);
                record(new Request(started, Duration.between(started, Instant.now()), response.statusCode() == 202));
                handle(response, tx, hash, valid);
                return;
            } catch (java.io.IOException unreachable) {
                record(new Request(started, Duration.between(started, Instant.now()), false));
                unanswered.incrementAndGet();
                current = (current + 1) % bases.size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sends the bytes once more, to the instance at {@code port}: a client retry after a lost answer. */
    int resend(byte[] tx, int port) throws Exception {
        return post(URI.create("http://127.0.0.1:" + port), tx).statusCode();
    }

    private HttpResponse<String> post(URI base, byte[] tx) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve("/api/v1/transactions"))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tx\":\"" + Base64.getEncoder().encodeToString(tx) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void record(Request request) {
        synchronized (requests) {
            requests.add(request);
        }
    }

    private void handle(HttpResponse<String> response, byte[] tx, String hash, boolean valid) {
        if (response.statusCode() == 202) {
            Matcher m = TX_HASH.matcher(response.body());
            acknowledged.add(m.find() ? m.group(1) : hash);
            if (valid) {
                Matcher id = PROPOSAL_ID.matcher(response.body());
                synchronized (acknowledgedInOrder) {
                    acknowledgedInOrder.add(new Acknowledged(tx, hash, id.find() ? id.group(1) : ""));
                }
            } else {
                synchronized (wronglyAccepted) {
                    wronglyAccepted.add(hash);
                }
            }
        } else if (valid && response.statusCode() != 503) {
            refusedValid.incrementAndGet();
        }
    }

    private String get(String path) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return http.send(HttpRequest.newBuilder(bases.get(current).resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException unreachable) {
                if (attempt + 1 >= bases.size()) {
                    throw unreachable;
                }
                current = (current + 1) % bases.size();
            }
        }
    }

    /** Every submission so far, in order. */
    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The valid transactions acknowledged so far, in order. */
    List<Acknowledged> acknowledgedInOrder() {
        synchronized (acknowledgedInOrder) {
            return List.copyOf(acknowledgedInOrder);
        }
    }

    private static String flip(String hex) {
        return (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    Set<String> invalidSent() {
        return Set.copyOf(invalidSent);
    }

    List<String> invalidAccepted() {
        synchronized (wronglyAccepted) {
            return List.copyOf(wronglyAccepted);
        }
    }

    /** Valid transactions refused with something other than 503 (would mean the stream itself is wrong). */
    int validRefused() {
        return refusedValid.get();
    }

    /** Requests that got no HTTP answer at all (the service was down). */
    int unanswered() {
        return unanswered.get();
    }


    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(20_000);
    }
}
