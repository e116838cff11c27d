package io.cutover.localnet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a local run is laid out: sizes, ports and timings. One Kafka node, one proposal-service and one
 * vote-aggregator by default; the cluster layout ({@code run.sh --cluster}) has three Kafka nodes, two
 * proposal-service instances and two aggregators (one active, one standing by), one port each.
 */
record Settings(
        Path repositoryRoot,
        Path runFolder,
        int validators,
        int proposers,
        long leadBlocks,
        Duration blockInterval,
        List<Integer> kafkaPorts,
        List<Integer> kafkaControllerPorts,
        List<Integer> proposalServicePorts,
        List<Integer> aggregatorPorts,
        List<Integer> agentPorts,
        List<Integer> nodePorts,
        Optional<String> corruptNode,
        Duration timeout) {

    static final String CHAIN_ID = "cutover-devnet";
    static final String GENESIS_RELEASE = "v1.0.0";
    static final String NEW_RELEASE = "v1.1.0";

    Settings {
        kafkaPorts = List.copyOf(kafkaPorts);
        kafkaControllerPorts = List.copyOf(kafkaControllerPorts);
        proposalServicePorts = List.copyOf(proposalServicePorts);
        aggregatorPorts = List.copyOf(aggregatorPorts);
        if (kafkaPorts.isEmpty() || kafkaPorts.size() != kafkaControllerPorts.size()) {
            throw new IllegalArgumentException("one controller port per Kafka node");
        }
        if (proposalServicePorts.isEmpty() || aggregatorPorts.isEmpty()) {
            throw new IllegalArgumentException("at least one proposal-service and one vote-aggregator");
        }
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

    /** Whether this is the cluster layout (several Kafka nodes). */
    boolean cluster() {
        return kafkaPorts.size() > 1;
    }

    int kafkaPort() {
        return kafkaPorts.get(0);
    }

    /** The first proposal-service instance's port. */
    int proposalServicePort() {
        return proposalServicePorts.get(0);
    }

    /** The first vote-aggregator instance's port. */
    int aggregatorPort() {
        return aggregatorPorts.get(0);
    }

    /** The Kafka nodes' {port, controller port} pairs. */
    List<int[]> kafkaNodePorts() {
        return java.util.stream.IntStream.range(0, kafkaPorts.size())
                .mapToObj(i -> new int[] {kafkaPorts.get(i), kafkaControllerPorts.get(i)}).toList();
    }

    /** Every proposal-service endpoint, comma-separated (upgradectl --endpoint fails over between them). */
    String proposalServiceEndpoints() {
        return String.join(",", proposalServicePorts.stream().map(p -> "127.0.0.1:" + p).toList());
    }

    /** The process name of proposal-service instance {@code index} (0-based): proposal-service, proposal-service-2, ... */
    static String instanceName(String module, int index) {
        return index == 0 ? module : module + "-" + (index + 1);
    }

    /** Every port the run binds, named for the operator, in start order. */
    java.util.Map<String, Integer> namedPorts() {
        java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kafkaPorts.size(); i++) {
            String node = cluster() ? "Kafka node " + (i + 1) : "Kafka";
            ports.put(node, kafkaPorts.get(i));
            ports.put(node + " (controller)", kafkaControllerPorts.get(i));
        }
        for (int i = 0; i < proposalServicePorts.size(); i++) {
            ports.put(instanceName("proposal-service", i), proposalServicePorts.get(i));
        }
        for (int i = 0; i < aggregatorPorts.size(); i++) {
            ports.put(instanceName("vote-aggregator", i), aggregatorPorts.get(i));
        }
        for (int i = 0; i < validators; i++) {
            ports.put(nodeName(i) + "'s node", nodePorts.get(i));
            ports.put(nodeName(i) + "'s rollout agent", agentPorts.get(i));
        }
        return ports;
    }

    String nodeName(int index) {
        return "validator-" + (index + 1);
    }

    Path bin(String launcher) {
        return repositoryRoot.resolve("bin").resolve(launcher);
    }
}
