package io.cutover.localnet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        List<Integer> agentPorts,
        List<Integer> nodePorts,
        Optional<String> corruptNode,
        Duration timeout) {

    static final String CHAIN_ID = "cutover-devnet";
    static final String GENESIS_RELEASE = "v1.0.0";
    static final String NEW_RELEASE = "v1.1.0";

    Settings {
        agentPorts = List.copyOf(agentPorts);
        nodePorts = List.copyOf(nodePorts);
        if (agentPorts.size() < validators || nodePorts.size() < validators) {
            throw new IllegalArgumentException("one agent port and one node port per validator");
        }
        if (proposers > validators) {
            throw new IllegalArgumentException("--proposers (" + proposers + ") must not exceed --validators (" + validators + ")");
        }
    }

    /** Consecutive ports from {@code first}, one per validator. */
    static List<Integer> consecutive(int first, int count) {
        return java.util.stream.IntStream.range(first, first + count).boxed().toList();
    }

    String nodeName(int index) {
        return "validator-" + (index + 1);
    }

    Path bin(String launcher) {
        return repositoryRoot.resolve("bin").resolve(launcher);
    }
}
