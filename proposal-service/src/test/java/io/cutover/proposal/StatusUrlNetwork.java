package io.cutover.proposal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.sun.net.httpserver.HttpServer;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tx.Digests;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.proto.v1.CommandKind;
import io.cutover.testing.KafkaBrokerResource;

/**
 * A second configuration: the network height comes from a CometBFT-style status URL served here
 * (height -1 makes it answer 500), and upgrade.transactions already holds a transaction from an
 * earlier run before the service starts.
 */
public class StatusUrlNetwork extends KafkaBrokerResource {

    public static final String CHAIN = "cutover-status";
    /** Accepted in an "earlier run": written to the topic before the service starts. */
    public static final byte[] EARLIER_TX = TestNetwork.ACCEPT.signV3(CHAIN, TestNetwork.proposal(77, "v1.1.0", TestNetwork.HEIGHT + 100))
            .toByteArray();
    public static final AtomicLong HEIGHT = new AtomicLong(TestNetwork.HEIGHT);

    private static volatile Path file;
    private HttpServer server;

    /** The node's hash of a block, upper-case hex as CometBFT's /status gives it. */
    public static String blockHash(long height) {
        return Digests.sha256Hex(("block " + height).getBytes(StandardCharsets.UTF_8)).toUpperCase(java.util.Locale.ROOT);
    }

    public static Path file() {
        return file;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        writeEarlierTransaction(config.get("kafka.bootstrap.servers"));
        file = TestNetwork.writeFile(TestNetwork.toml(CHAIN, "v1.0.0"));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/status", exchange -> {
            long height = HEIGHT.get();
            byte[] body = ("{\"result\":{\"sync_info\":{\"latest_block_hash\":\"" + blockHash(height) + "\",\"latest_block_height\":\""
                    + height + "\"}}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(height < 0 ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        config.put("cutover.network-file", file.toString());
        config.put("cutover.network-file-check-interval", "200ms");
        config.put("cutover.height.source", "status-url");
        config.put("cutover.height.status-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/status");
        config.put("cutover.height.poll-interval", "200ms");
        config.put("cutover.height.max-age", "2s");
        return config;
    }

    private static void writeEarlierTransaction(String bootstrap) {
        AcceptedTransaction earlier = AcceptedTransaction.newBuilder().setChainId(CHAIN).setTx(ByteString.copyFrom(EARLIER_TX))
                .setTxHash(Digests.sha256Hex(EARLIER_TX)).setSigner(TestNetwork.ACCEPT.publicKeyHex()).setProposalId("v1.1.0@1100")
                .setCommand(CommandKind.COMMAND_KIND_PROPOSAL).setReceivedAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .setNetworkHeight(TestNetwork.HEIGHT).build();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, CHAIN, EventJson.write(earlier)));
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, CHAIN, "this is not JSON"));
            producer.flush();
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        super.stop();
    }
}
