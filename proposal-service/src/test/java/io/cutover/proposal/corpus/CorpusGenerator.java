package io.cutover.proposal.corpus;

import static io.cutover.proposal.TestNetwork.CHAIN;
import static io.cutover.proposal.TestNetwork.HEIGHT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;

import io.cutover.core.tx.SignedMessage;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.core.tx.VegaSignatures;
import io.cutover.proposal.TestNetwork;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ProtocolUpgradeRejection;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.Signature;
import io.cutover.proto.vega.Transaction;

/**
 * Writes the bad-input corpus (src/test/resources/corpus): every file and {@code manifest.tsv}, the same
 * bytes on every run (Ed25519 signatures are deterministic, keys are TestNetwork's fixed ones, random
 * bytes come from a seeded Random). Run it after changing an entry:
 * {@code java -cp ... io.cutover.proposal.corpus.CorpusGenerator proposal-service/src/test/resources/corpus}.
 */
public final class CorpusGenerator {

    /** The corpus' own validator (consensus, power 10): nonces 7_000_000+ never meet another test's. */
    public static final TransactionSigner SIGNER = TestNetwork.CORPUS;
    private static final int CORPUS_KEY = TestNetwork.CORPUS_KEY;
    static final long FIRST_NONCE = 7_000_000;
    private static final String SHA = "ab".repeat(32);

    private final List<CorpusEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();
    private long nonce = FIRST_NONCE;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "proposal-service/src/test/resources/corpus");
        new CorpusGenerator().build().write(dir);
        System.out.println("corpus written to " + dir.toAbsolutePath());
    }

    /** Every entry with its bytes, in manifest order. */
    public CorpusGenerator build() {
        long seedNonce = nonce++;
        add(new CorpusEntry("setup-accepted.bin", "setup", "-", "OK", 202, "-",
                "a valid proposal, accepted once before the corpus (DUPLICATE/NONCE_REUSED refer to it)"),
                SIGNER.signV3(CHAIN, proposal(seedNonce, "v1.1.0", HEIGHT + 100)).toByteArray());

        // MALFORMED_TRANSACTION
        bytes("empty.bin", "MALFORMED_TRANSACTION", 400, "zero bytes", new byte[0]);
        bytes("not-protobuf.bin", "MALFORMED_TRANSACTION", 400, "three bytes that are no protobuf", new byte[] {(byte) 0xff, 0x01, 0x02});
        bytes("random-512.bin", "MALFORMED_TRANSACTION", 400, "512 seeded random bytes", random(512, 1));
        byte[] valid = SIGNER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT + 100)).toByteArray();
        bytes("truncated-half.bin", "MALFORMED_TRANSACTION", 400, "a valid transaction cut in half", Arrays.copyOf(valid, valid.length / 2));
        bytes("truncated-last-byte.bin", "MALFORMED_TRANSACTION", 400, "a valid transaction without its last byte",
                Arrays.copyOf(valid, valid.length - 1));
        tx("input-data-garbage.bin", "MALFORMED_TRANSACTION", 400, "input_data is not an InputData",
                signedRaw(random(40, 2)));
        tx("input-data-truncated.bin", "MALFORMED_TRANSACTION", 400, "input_data cut short, signed as is",
                signedRaw(Arrays.copyOf(proposal(nonce++, "v1.1.0", HEIGHT + 100).toByteArray(), 12)));
        tx("signer-missing.bin", "MALFORMED_TRANSACTION", 400, "no pub_key or address", signed(t -> t.clearFrom()));
        tx("signer-address.bin", "MALFORMED_TRANSACTION", 400, "signer given as address instead of pub_key",
                signed(t -> t.setAddress(SIGNER.publicKeyHex())));
        tx("signer-not-hex.bin", "MALFORMED_TRANSACTION", 400, "pub_key of 64 non-hex characters", signed(t -> t.setPubKey("z".repeat(64))));
        tx("signer-short.bin", "MALFORMED_TRANSACTION", 400, "pub_key of 62 hex", signed(t -> t.setPubKey(SIGNER.publicKeyHex().substring(2))));
        tx("signer-uppercase.bin", "MALFORMED_TRANSACTION", 400, "pub_key in uppercase hex",
                signed(t -> t.setPubKey(SIGNER.publicKeyHex().toUpperCase())));

        // TOO_LARGE
        tx("oversized-url.bin", "TOO_LARGE", 413, "one artifact URL of 70,000 characters", SIGNER.signV3(CHAIN,
                withArtifacts(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(SHA).setUrl("https://example.org/" + "x".repeat(70_000)).build())));
        List<ReleaseArtifact> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            many.add(ReleaseArtifact.newBuilder().setPlatform("linux/arch" + i).setSha256(SHA).build());
        }
        tx("huge-repeated-artifacts.bin", "TOO_LARGE", 413, "2,000 artifacts", SIGNER.signV3(CHAIN, withArtifacts(many.toArray(ReleaseArtifact[]::new))));
        tx("huge-unknown-field.bin", "TOO_LARGE", 413, "an unknown field of 100,000 bytes on the envelope",
                signed(t -> t.setUnknownFields(unknown(77, new byte[100_000]))));

        // UNSUPPORTED_TX_VERSION
        tx("version-v2.bin", "UNSUPPORTED_TX_VERSION", 400, "V2 (no chain binding)", SIGNER.signV2(proposal(nonce++, "v1.1.0", HEIGHT + 100)));
        tx("version-unspecified.bin", "UNSUPPORTED_TX_VERSION", 400, "version field absent", signed(t -> t.clearVersion()));
        tx("version-99.bin", "UNSUPPORTED_TX_VERSION", 400, "an unknown version number", signed(t -> t.setVersionValue(99)));

        // UNSUPPORTED_SIGNATURE_ALGORITHM
        tx("algo-secp256k1.bin", "UNSUPPORTED_SIGNATURE_ALGORITHM", 400, "algo vega/secp256k1",
                signed(t -> t.setSignature(t.getSignature().toBuilder().setAlgo("vega/secp256k1"))));
        tx("algo-version-2.bin", "UNSUPPORTED_SIGNATURE_ALGORITHM", 400, "algo version 2",
                signed(t -> t.setSignature(t.getSignature().toBuilder().setVersion(2))));
        tx("algo-empty.bin", "UNSUPPORTED_SIGNATURE_ALGORITHM", 400, "no algo", signed(t -> t.setSignature(t.getSignature().toBuilder().clearAlgo())));

        // UNKNOWN_VALIDATOR / NOT_CONSENSUS_VALIDATOR
        tx("signer-stranger.bin", "UNKNOWN_VALIDATOR", 403, "a key not in network.toml",
                TestNetwork.STRANGER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT + 100)));
        tx("signer-observer.bin", "NOT_CONSENSUS_VALIDATOR", 403, "a validator with voting power 0",
                TestNetwork.OBSERVER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT + 100)));

        // SIGNATURE_INVALID
        tx("signature-other-chain.bin", "SIGNATURE_INVALID", 401, "signed for another chain id",
                SIGNER.signV3("another-chain", proposal(nonce++, "v1.1.0", HEIGHT + 100)));
        tx("signature-swapped-input.bin", "SIGNATURE_INVALID", 401, "input_data replaced after signing",
                signed(t -> t.setInputData(proposal(nonce++, "v1.2.0", HEIGHT + 100).toByteString())));
        tx("signature-bit-flip.bin", "SIGNATURE_INVALID", 401, "one hex digit of the signature changed",
                signed(t -> t.setSignature(t.getSignature().toBuilder().setValue(flipFirstHex(t.getSignature().getValue())))));
        tx("signature-zero.bin", "SIGNATURE_INVALID", 401, "128 zeros", signed(t -> t.setSignature(t.getSignature().toBuilder().setValue("0".repeat(128)))));
        tx("signature-not-hex.bin", "SIGNATURE_INVALID", 401, "128 non-hex characters",
                signed(t -> t.setSignature(t.getSignature().toBuilder().setValue("g".repeat(128)))));
        tx("signature-short.bin", "SIGNATURE_INVALID", 401, "126 hex", signed(t -> t.setSignature(t.getSignature().toBuilder()
                .setValue(t.getSignature().getValue().substring(2)))));
        tx("signature-by-stranger.bin", "SIGNATURE_INVALID", 401, "signed by another key, claiming the corpus validator",
                TestNetwork.STRANGER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT + 100)).toBuilder().setPubKey(SIGNER.publicKeyHex()).build());
        tx("unknown-field-bad-signature.bin", "SIGNATURE_INVALID", 401, "unknown envelope fields do not excuse a bad signature",
                signed(t -> t.setUnknownFields(unknown(4242, "extra".getBytes(StandardCharsets.UTF_8)))
                        .setSignature(t.getSignature().toBuilder().setValue(flipFirstHex(t.getSignature().getValue())))));

        // NONCE_REUSED
        tx("nonce-zero.bin", "NONCE_REUSED", 409, "nonce 0", SIGNER.signV3(CHAIN, proposal(0, "v1.1.0", HEIGHT + 100)));
        tx("nonce-of-setup.bin", "NONCE_REUSED", 409, "another proposal with setup-accepted's nonce",
                SIGNER.signV3(CHAIN, proposal(seedNonce, "v1.2.0", HEIGHT + 100)));

        // DUPLICATE_TRANSACTION
        tx("duplicate-of-setup.bin", "DUPLICATE_TRANSACTION", 409, "setup-accepted's exact bytes again",
                SIGNER.signV3(CHAIN, proposal(seedNonce, "v1.1.0", HEIGHT + 100)));

        // STALE_BLOCK_HEIGHT
        tx("block-height-stale.bin", "STALE_BLOCK_HEIGHT", 422, "block_height 500 below the network height",
                SIGNER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT + 100).toBuilder().setBlockHeight(HEIGHT - 500).build()));
        tx("block-height-future.bin", "STALE_BLOCK_HEIGHT", 422, "block_height 500 above the network height",
                SIGNER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT + 600).toBuilder().setBlockHeight(HEIGHT + 500).build()));
        tx("block-height-zero.bin", "STALE_BLOCK_HEIGHT", 422, "block_height 0",
                SIGNER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT + 100).toBuilder().setBlockHeight(0).build()));

        // UNKNOWN_COMMAND
        tx("command-none.bin", "UNKNOWN_COMMAND", 400, "InputData without a command",
                SIGNER.signV3(CHAIN, InputData.newBuilder().setNonce(nonce++).setBlockHeight(HEIGHT).build()));
        tx("command-vega-order.bin", "UNKNOWN_COMMAND", 400, "a Vega command Cutover does not handle (field 1001)",
                SIGNER.signV3(CHAIN, InputData.newBuilder().setNonce(nonce++).setBlockHeight(HEIGHT)
                        .setUnknownFields(unknown(1001, "order".getBytes(StandardCharsets.UTF_8))).build()));

        // INVALID_RELEASE_TAG
        tx("tag-not-semver.bin", "INVALID_RELEASE_TAG", 400, "tag release-7", SIGNER.signV3(CHAIN, proposal(nonce++, "release-7", HEIGHT + 100)));
        tx("tag-empty.bin", "INVALID_RELEASE_TAG", 400, "empty tag", SIGNER.signV3(CHAIN, proposal(nonce++, "", HEIGHT + 100)));
        tx("artifact-sha-not-hex.bin", "INVALID_ARTIFACT", 400, "artifact sha256 not hex",
                SIGNER.signV3(CHAIN, withArtifacts(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256("not-hex").build())));
        tx("artifact-sha-uppercase.bin", "INVALID_ARTIFACT", 400, "artifact sha256 in uppercase",
                SIGNER.signV3(CHAIN, withArtifacts(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(SHA.toUpperCase()).build())));
        tx("artifact-platform-bad.bin", "INVALID_ARTIFACT", 400, "platform without /arch",
                SIGNER.signV3(CHAIN, withArtifacts(ReleaseArtifact.newBuilder().setPlatform("linux").setSha256(SHA).build())));
        tx("artifact-platform-twice.bin", "INVALID_ARTIFACT", 400, "the same platform twice",
                SIGNER.signV3(CHAIN, withArtifacts(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(SHA).build(),
                        ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256("cd".repeat(32)).build())));
        tx("artifact-url-ftp.bin", "INVALID_ARTIFACT", 400, "artifact URL ftp://",
                SIGNER.signV3(CHAIN, withArtifacts(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(SHA).setUrl("ftp://example.org/node").build())));

        // HEIGHT_TOO_SOON / DOWNGRADE
        tx("height-too-soon.bin", "HEIGHT_TOO_SOON", 422, "5 blocks ahead (min lead 20)", SIGNER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT + 5)));
        tx("height-in-past.bin", "HEIGHT_TOO_SOON", 422, "below the network height", SIGNER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT - 10)));
        tx("height-zero.bin", "HEIGHT_TOO_SOON", 422, "height 0", SIGNER.signV3(CHAIN, proposal(nonce++, "v1.1.0", 0)));
        tx("downgrade.bin", "DOWNGRADE", 422, "v0.9.0 below the current v1.0.0", SIGNER.signV3(CHAIN, proposal(nonce++, "v0.9.0", HEIGHT + 100)));

        // UNKNOWN_PROPOSAL
        tx("rejection-empty-id.bin", "UNKNOWN_PROPOSAL", 400, "rejection without a proposal id", SIGNER.signV3(CHAIN, rejection("")));
        tx("rejection-no-height.bin", "UNKNOWN_PROPOSAL", 400, "proposal id without @height", SIGNER.signV3(CHAIN, rejection("v1.1.0")));
        tx("rejection-bad-digest.bin", "UNKNOWN_PROPOSAL", 400, "proposal id with a digest that is not 16 hex",
                SIGNER.signV3(CHAIN, rejection("v1.1.0@1100#xyz")));

        // REST bodies that are not {"tx": "<base64>"}
        String refusedTx = java.util.Base64.getEncoder().encodeToString(SIGNER.signV3(CHAIN, proposal(nonce++, "v0.9.0", HEIGHT + 100)).toByteArray());
        rest("rest-empty-body.json", "application/json", "MALFORMED_TRANSACTION", 400, "no body", "");
        rest("rest-not-json.json", "application/json", "MALFORMED_TRANSACTION", 400, "plain words", "not json");
        rest("rest-truncated-json.json", "application/json", "MALFORMED_TRANSACTION", 400, "JSON cut short", "{\"tx\":\"AAA");
        rest("rest-array.json", "application/json", "MALFORMED_TRANSACTION", 400, "a JSON array", "[\"" + refusedTx + "\"]");
        rest("rest-missing-tx.json", "application/json", "MALFORMED_TRANSACTION", 400, "an empty object", "{}");
        rest("rest-tx-null.json", "application/json", "MALFORMED_TRANSACTION", 400, "tx null", "{\"tx\":null}");
        rest("rest-tx-number.json", "application/json", "MALFORMED_TRANSACTION", 400, "tx a number", "{\"tx\":12345}");
        rest("rest-tx-object.json", "application/json", "MALFORMED_TRANSACTION", 400, "tx an object", "{\"tx\":{\"bytes\":\"" + refusedTx + "\"}}");
        rest("rest-bad-base64.json", "application/json", "MALFORMED_TRANSACTION", 400, "tx not base64", "{\"tx\":\"***\"}");
        rest("rest-base64url.json", "application/json", "MALFORMED_TRANSACTION", 400, "URL-safe base64 alphabet instead of the standard one",
                "{\"tx\":\"" + refusedTx.replace('+', '-').replace('/', '_') + "-_\"}");
        rest("rest-unknown-fields.json", "application/json", "DOWNGRADE", 422, "unknown JSON fields are ignored: the tx's own reason",
                "{\"tx\":\"" + refusedTx + "\",\"priority\":\"high\",\"extra\":[1,2,3]}");
        rest("rest-text-plain.txt", "text/plain", "MALFORMED_TRANSACTION", 415, "Content-Type text/plain", "{\"tx\":\"" + refusedTx + "\"}");
        rest("rest-form.txt", "application/x-www-form-urlencoded", "MALFORMED_TRANSACTION", 415, "a form post", "tx=" + refusedTx);
        return this;
    }

    /** Writes every file and the manifest into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder manifest = new StringBuilder(CorpusEntry.HEADER).append('\n');
        for (int i = 0; i < entries.size(); i++) {
            Files.write(dir.resolve(entries.get(i).file()), contents.get(i));
            manifest.append(entries.get(i).line()).append('\n');
        }
        Files.writeString(dir.resolve(CorpusEntry.MANIFEST), manifest.toString());
    }

    private void tx(String file, String reason, int http, String description, Transaction tx) {
        add(new CorpusEntry(file, "both", "-", grpcCode(reason), http, reason, description), tx.toByteArray());
    }

    private void bytes(String file, String reason, int http, String description, byte[] bytes) {
        add(new CorpusEntry(file, "both", "-", grpcCode(reason), http, reason, description), bytes);
    }

    private void rest(String file, String contentType, String reason, int http, String description, String body) {
        add(new CorpusEntry(file, "rest", contentType, "-", http, reason, description), body.getBytes(StandardCharsets.UTF_8));
    }

    private void add(CorpusEntry entry, byte[] content) {
        entries.add(entry);
        contents.add(content);
    }

    /** The gRPC code the README documents for each reason. */
    static String grpcCode(String reason) {
        return switch (reason) {
            case "UNKNOWN_VALIDATOR", "NOT_CONSENSUS_VALIDATOR" -> "PERMISSION_DENIED";
            case "SIGNATURE_INVALID" -> "UNAUTHENTICATED";
            case "NONCE_REUSED", "DUPLICATE_TRANSACTION" -> "ALREADY_EXISTS";
            case "STALE_BLOCK_HEIGHT", "HEIGHT_TOO_SOON", "DOWNGRADE" -> "FAILED_PRECONDITION";
            case "RATE_LIMITED" -> "RESOURCE_EXHAUSTED";
            case "NETWORK_HEIGHT_UNKNOWN", "BUS_UNAVAILABLE" -> "UNAVAILABLE";
            default -> "INVALID_ARGUMENT";
        };
    }

    private Transaction signed(UnaryOperator<Transaction.Builder> change) {
        return change.apply(SIGNER.signV3(CHAIN, proposal(nonce++, "v1.1.0", HEIGHT + 100)).toBuilder()).build();
    }

    /** A correctly signed envelope around input_data bytes that are not a valid InputData (a wallet would never build one). */
    private Transaction signedRaw(byte[] inputData) {
        byte[] signature = VegaSignatures.sign(TestNetwork.seed(CORPUS_KEY), SignedMessage.v3(CHAIN, inputData));
        return SIGNER.signV3(CHAIN, proposal(1, "v1.1.0", HEIGHT + 100)).toBuilder().setInputData(ByteString.copyFrom(inputData))
                .setSignature(Signature.newBuilder().setValue(HexFormat.of().formatHex(signature)).setAlgo(VegaSignatures.ALGORITHM)
                        .setVersion(VegaSignatures.ALGORITHM_VERSION)).build();
    }

    private InputData withArtifacts(ReleaseArtifact... artifacts) {
        return proposal(nonce++, "v1.1.0", HEIGHT + 100).toBuilder().setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder()
                .setVegaReleaseTag("v1.1.0").setUpgradeBlockHeight(HEIGHT + 100).addAllArtifacts(Arrays.asList(artifacts))).build();
    }

    private InputData rejection(String proposalId) {
        return InputData.newBuilder().setNonce(nonce++).setBlockHeight(HEIGHT)
                .setProtocolUpgradeRejection(ProtocolUpgradeRejection.newBuilder().setProposalId(proposalId)).build();
    }

    private static InputData proposal(long nonce, String tag, long height) {
        return TestNetwork.proposal(nonce, tag, height);
    }

    private static UnknownFieldSet unknown(int field, byte[] value) {
        return UnknownFieldSet.newBuilder()
                .addField(field, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(value)).build()).build();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String flipFirstHex(String hex) {
        return (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
    }
}
