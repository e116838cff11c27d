package io.cutover.benchmarks;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.NetworkConfigParser;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ReleaseArtifact;

/** Fixed keys, a network file and signed transactions shared by the benchmarks. */
final class Fixtures {

    static final String CHAIN = "cutover-bench";
    static final int VALIDATORS = 10;

    private Fixtures() {
    }

    static TransactionSigner signer(int i) {
        byte[] seed = new byte[32];
        seed[0] = 7;
        seed[31] = (byte) (i + 1);
        return new TransactionSigner(seed);
    }

    static NetworkConfig network() {
        StringBuilder toml = new StringBuilder("chain_id = \"" + CHAIN + "\"\ncurrent_release = \"v1.0.0\"\n");
        for (int i = 0; i < VALIDATORS; i++) {
            toml.append("[[validators]]\nname = \"v").append(i).append("\"\npub_key = \"").append(signer(i).publicKeyHex())
                    .append("\"\nvoting_power = 10\n");
        }
        return NetworkConfigParser.parse(toml.toString(), "bench").orThrow();
    }

    /** A proposal the way upgradectl signs it: one artifact with a URL. */
    static byte[] signedProposal(int signer, long nonce) {
        return signedProposalFor(signer, nonce, "v1.1.0");
    }

    static byte[] signedProposalFor(int signer, long nonce, String tag) {
        InputData input = InputData.newBuilder().setNonce(nonce).setBlockHeight(1000)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag(tag).setUpgradeBlockHeight(900_000)
                        .addArtifacts(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256("ab".repeat(32))
                                .setUrl("https://releases.example.org/v1.1.0/node-linux-amd64")))
                .build();
        return signer(signer).signV3(CHAIN, input).toByteArray();
    }
}
