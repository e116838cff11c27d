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
        Duration timeout,
        String chainId,
        String nodePrefix) {

    static final String CHAIN_ID = "cutover-devnet";
    /** How far apart the ports of two networks' agents and nodes are. */
    static final int PORTS_PER_NETWORK = 10;
    static final String GENESIS_RELEASE = "v1.0.0";
    static final String NEW_RELEASE = "v1.1.0";

    /** The first network of a run: chain {@value #CHAIN_ID}, nodes validator-1, validator-2, ... */
    Settings(Path repositoryRoot, Path runFolder, int validators, int proposers, long leadBlocks, Duration blockInterval,
            List<Integer> kafkaPorts, List<Integer> kafkaControllerPorts, List<Integer> proposalServicePorts,
            List<Integer> aggregatorPorts, List<Integer> agentPorts, List<Integer> nodePorts, Optional<String> corruptNode,
            Duration timeout) {
        this(repositoryRoot, runFolder, validators, proposers, leadBlocks, blockInterval, kafkaPorts, kafkaControllerPorts,
                proposalServicePorts, aggregatorPorts, agentPorts, nodePorts, corruptNode, timeout, CHAIN_ID, "validator-");
    }

    Settings {
        if (validators > PORTS_PER_NETWORK) {
            throw new IllegalArgumentException("--validators (" + validators + ") must not exceed " + PORTS_PER_NETWORK);
        }
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

    /**
     * Network {@code number} (2, 3, ...) served by the same Kafka and services as this one: chain
     * {@code cutover-devnet-<number>}, nodes {@code net<number>-validator-1, ...}, its agents' and nodes'
     * ports {@link #PORTS_PER_NETWORK} × (number − 1) above this one's, its files in {@code networks/<chain>}
     * of the run folder; no node of it is corrupted.
     */
    Settings network(int number) {
        int shift = PORTS_PER_NETWORK * (number - 1);
        String chain = CHAIN_ID + "-" + number;
        return new Settings(repositoryRoot, runFolder.resolve("networks").resolve(chain), validators, proposers, leadBlocks, blockInterval,
                kafkaPorts, kafkaControllerPorts, proposalServicePorts, aggregatorPorts,
                agentPorts.stream().map(p -> p + shift).toList(), nodePorts.stream().map(p -> p + shift).toList(), Optional.empty(),
                timeout, chain, "net" + number + "-validator-");
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
        return nodePrefix + (index + 1);
    }

    Path bin(String launcher) {
        return repositoryRoot.resolve("bin").resolve(launcher);
    }
}
