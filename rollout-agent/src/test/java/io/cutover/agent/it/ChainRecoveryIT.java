package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.Approval;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;
import io.cutover.testing.TestFiles;

/**
 * What the recovery tests of every upgrade source share: one chain of four hosts of power 10, each
 * under its agent, and the network that signs and publishes the recoveries, both kept for the whole
 * class (its tests run in order, a hot-fix first, then a return) and stopped at its end.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ChainRecoveryIT<H extends AgentChain.Host> {

    protected SimNetwork network;
    protected AgentChain<H> chain;
    /** The SHA-256 of the hot-fix release, the same file on every host. */
    protected String fixSha;

    /** The chain's folder name (also its chain id). */
    protected abstract String name();

    /** Starts the host of {@code member} in {@code dir}, its releases written and its agent running. */
    protected abstract H host(Path dir, AgentChain.Member member, KafkaBroker broker) throws Exception;

    @BeforeAll
    void chain(KafkaBroker broker) throws Exception {
        Path dir = TestFiles.directory(name());
        network = new SimNetwork(broker.bootstrapServers(), name());
        chain = AgentChain.start(dir, 4, member -> host(dir.resolve(member.validator()), member, broker));
        chain.awaitHeight(2);
    }

    /**
     * Publishes a hot-fix of {@code failed} whose certificate holds two validators and a key that is
     * none (two of four do not meet the threshold), and checks that every agent refuses it and stays FAILED.
     */
    protected void aForgedHotFixIsRefusedByEveryAgent(Approval failed, String fixTag) throws Exception {
        byte[] seed = new byte[32];
        new Random(99).nextBytes(seed);
        Approval forged = RecoveryApprovals.hotFix(network, failed, fixTag, fixSha,
                List.of(network.validators.get(0), network.validators.get(1), new TransactionSigner(seed)));
        chain.awaitEveryState("every agent refused the forged recovery", state -> StateJson.lastErrorOf(state).contains(
                forged.getProposalId() + " refused: UNKNOWN_VALIDATOR"));
        for (H host : chain.hosts()) {
            assertThat(StateJson.phaseOf(host.stateText())).as("no agent acts on a forged certificate").isEqualTo("FAILED");
        }
    }

    /** Waits until every node reports the recovery applied, RUNNING with its id. */
    protected void assertRecoveredAndReported(String recoveryId) throws Exception {
        for (String node : chain.validators()) {
            network.awaitRecoveredAndReported(node, recoveryId);
        }
    }

    /** Sets {@code maxNumberOfRestarts = 0} in an agent's config.toml: a failed start is final at once, the recovery gets the chain going. */
    protected static void withoutRestarts(Path config) throws IOException {
        Files.writeString(config, Files.readString(config).replace("maxNumberOfRestarts = 2", "maxNumberOfRestarts = 0"));
    }

    @AfterAll
    void stop() throws Exception {
        try (SimNetwork closedLast = network) {
            if (chain != null) {
                chain.close();
            }
        }
    }
}
