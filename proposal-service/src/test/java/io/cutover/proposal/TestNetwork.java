package io.cutover.proposal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.cutover.testing.TestFiles;

/**
 * The test network: validators with fixed keys, one per test scenario so that the rate limit of
 * one does not disturb another, an observer without power, and network.toml written to a temp file.
 */
public class TestNetwork implements QuarkusTestResourceLifecycleManager {

    public static final String CHAIN = "cutover-test";
    public static final long HEIGHT = 1000;
    /** reference/vega-wire.md vector 2's seed; its public key is vector 1's pub_key. */
    public static final String VECTOR_SEED = "0bfdfb4a04e22d7252a4f24eb9d0f35a82efdc244cb0876d919361e61f6f56a2";

    public static final TransactionSigner ACCEPT = new TransactionSigner(HexFormat.of().parseHex(VECTOR_SEED));
    public static final TransactionSigner REFUSALS = signer(2);
    public static final TransactionSigner LIMITED = signer(3);
    public static final TransactionSigner OUTAGE = signer(4);
    public static final TransactionSigner FUZZ = signer(5);
    public static final TransactionSigner OBSERVER = signer(6);
    public static final TransactionSigner STRANGER = signer(7);
    /** The bad-input corpus' validator (its files are signed with this fixed key). */
    public static final int CORPUS_KEY = 8;
    public static final TransactionSigner CORPUS = signer(CORPUS_KEY);
    /** Submits through vega.api.v1 (VegaApiTest). */
    public static final TransactionSigner VEGA_GRPC = signer(9);
    public static final TransactionSigner VEGA_REST = signer(10);
    /** Submits over the SubmitTransactions stream (StreamSubmissionTest). */
    public static final TransactionSigner STREAM = signer(11);
    /** Submits upgrade recoveries (RecoveriesTest). */
    public static final TransactionSigner RECOVERY = signer(12);
    public static final TransactionSigner[] CONSENSUS = {ACCEPT, REFUSALS, LIMITED, OUTAGE, FUZZ, CORPUS, VEGA_GRPC, VEGA_REST, STREAM, RECOVERY};

    private static volatile Path file;

    public static TransactionSigner signer(int n) {
        return new TransactionSigner(seed(n));
    }

    public static byte[] seed(int n) {
        byte[] seed = new byte[32];
        seed[31] = (byte) n;
        seed[0] = 42;
        return seed;
    }

    public static Path file() {
        return file;
    }

    public static String toml(String chain, String currentRelease) {
        StringBuilder toml = new StringBuilder()
                .append("chain_id = \"").append(chain).append("\"\n")
                .append("current_release = \"").append(currentRelease).append("\"\n")
                .append("approval_threshold = \"2/3\"\napproval_rule = \"greater\"\nmin_lead_blocks = 20\nreplay_window_blocks = 150\n");
        int i = 1;
        for (TransactionSigner s : CONSENSUS) {
            toml.append("\n[[validators]]\nname = \"validator-").append(i++).append("\"\npub_key = \"").append(s.publicKeyHex())
                    .append("\"\nvoting_power = 10\n");
        }
        toml.append("\n[[validators]]\nname = \"observer\"\npub_key = \"").append(OBSERVER.publicKeyHex()).append("\"\nvoting_power = 0\n");
        return toml.toString();
    }

    public static Path writeFile(String content) {
        try {
            Path path = TestFiles.file("cutover-network-", ".toml");
            Files.writeString(path, content);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InputData proposal(long nonce, String tag, long height) {
        return InputData.newBuilder().setNonce(nonce).setBlockHeight(HEIGHT)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag(tag).setUpgradeBlockHeight(height))
                .build();
    }

    @Override
    public Map<String, String> start() {
        file = writeFile(toml(CHAIN, "v1.0.0"));
        return Map.of("cutover.network-file", file.toString(),
                "cutover.height.max-age", "1h",
                "cutover.rate-limit.burst", "5",
                "cutover.rate-limit.per-minute", "1",
                "cutover.kafka.delivery-timeout", "3s");
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file
        }
    }
}
