package io.cutover.localnet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How a local run is laid out: sizes, ports and timings. */
record Settings(
        Path repositoryRoot,
        Path runFolder,
        int validators,
        int proposers,
        long leadBlocks,
        Duration blockInterval,
        int kafkaPort,
        int kafkaControllerPort,
        int proposalServicePort,
        int aggregatorPort,
        int firstAgentPort,
        int firstNodePort,
        Optional<String> corruptNode,
        Duration timeout) {

    static final String CHAIN_ID = "cutover-devnet";
    static final String GENESIS_RELEASE = "v1.0.0";
    static final String NEW_RELEASE = "v1.1.0";

    String nodeName(int index) {
        return "validator-" + (index + 1);
    }

    Path bin(String launcher) {
        return repositoryRoot.resolve("bin").resolve(launcher);
    }
}
