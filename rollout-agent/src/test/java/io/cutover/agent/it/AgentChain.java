package io.cutover.agent.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import io.cutover.simnode.consensus.Validators;
import io.cutover.simnode.consensus.Validators.Validator;
import io.cutover.testing.KafkaBroker;

/**
 * Validators of power 10 that form one chain (a peers file on loopback, deploy/sim-node's consensus),
 * each node run by its own rollout agent. How an agent runs its node differs (the cutover source in
 * this JVM, a Visor home with the vega-core source, the Cosmovisor drop-in): a {@link Host} is one
 * validator's agent and node, read through the agent's state.json and the node's height.
 * {@link #close()} stops every agent at once, and each agent stops its node.
 */
public final class AgentChain<H extends AgentChain.Host> implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One validator's agent and node. */
    public interface Host extends AutoCloseable {

        /** The agent's state.json, "" before it is written. */
        String stateText() throws IOException;

        /** The node's height, -1 while it does not tell it. */
        long nodeHeight();
    }

    /** A validator of the chain: its id in the peers file, the port its node serves its status on, the peers file. */
    public record Member(String validator, int port, Path peers) {

        /** The node's arguments that make it join the chain. */
        public List<String> chainArgs() {
            return List.of("--peers", peers.toString(), "--validator", validator);
        }
    }

    /** Starts one validator's agent (which starts its node). */
    @FunctionalInterface
    public interface Starter<H> {
        H start(Member member) throws Exception;
    }

    private final Map<String, H> hosts = new LinkedHashMap<>();

    private AgentChain() {
    }

    /**
     * Writes {@code dir/peers} (validator-1 to validator-{@code size}, power 10 each, free ports) and
     * starts a host for each validator; the hosts started are stopped again when one fails to start.
     */
    public static <H extends Host> AgentChain<H> start(Path dir, int size, Starter<H> starter) throws Exception {
        List<Member> members = new ArrayList<>();
        List<Validator> validators = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            int port = KafkaBroker.freePort();
            validators.add(new Validator("validator-" + i, 10, "127.0.0.1:" + port));
            members.add(new Member("validator-" + i, port, dir.resolve("peers")));
        }
        new Validators(validators).write(dir.resolve("peers"));
        AgentChain<H> chain = new AgentChain<>();
        try {
            for (Member member : members) {
                chain.hosts.put(member.validator(), starter.start(member));
            }
        } catch (Exception | Error e) {
            chain.close();
            throw e;
        }
        return chain;
    }

    public H host(String validator) {
        return hosts.get(validator);
    }

    public List<H> hosts() {
        return List.copyOf(hosts.values());
    }

    /** The validators' names, each its node's name too. */
    public List<String> validators() {
        return List.copyOf(hosts.keySet());
    }

    /** The lowest height of the nodes: the chain's height as far as every node knows it. */
    public long height() {
        return hosts.values().stream().mapToLong(Host::nodeHeight).min().orElse(-1);
    }

    /** Waits until every node is at {@code height} or above. */
    public void awaitHeight(long height) {
        await("every node at height " + height).atMost(WAIT).until(() -> height() >= height);
    }

    /** Waits until every agent's state.json reading satisfies {@code condition}. */
    public void awaitEveryState(String what, Predicate<String> condition) {
        await(what).atMost(WAIT).until(() -> {
            for (H host : hosts.values()) {
                if (!condition.test(host.stateText())) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Waits for the upgrade at {@code h} to be done everywhere: every agent halted its node at exactly
     * H and runs release folder {@code folder} (RUNNING, switched once), and every node is past H on it.
     */
    public void awaitUpgraded(long h, String folder) {
        awaitEveryState("every agent halted at " + h + " and RUNNING " + folder, state -> StateJson.phaseOf(state).equals("RUNNING")
                && StateJson.runningReleaseOf(state).equals(folder) && StateJson.haltedAtHeightOf(state) == h);
        awaitHeight(h + 1);
    }

    /** Waits until every agent halted its node at exactly {@code h} and is FAILED: the upgrade's {@code release} failed there. */
    public void awaitHaltedAndFailed(long h, String release) {
        awaitEveryState("every agent halted at " + h + " and its " + release + " failed",
                state -> StateJson.haltedAtHeightOf(state) == h && StateJson.phaseOf(state).equals("FAILED"));
    }

    /** Stops every agent at once (each stops its node); the first failure is thrown once all were stopped. */
    @Override
    public void close() throws Exception {
        if (hosts.isEmpty()) {
            return;
        }
        ExecutorService stopping = Executors.newFixedThreadPool(hosts.size());
        try {
            List<Future<Void>> stops = new ArrayList<>();
            for (H host : hosts.values()) {
                stops.add(stopping.submit(() -> {
                    host.close();
                    return null;
                }));
            }
            Exception first = null;
            for (Future<Void> stop : stops) {
                try {
                    stop.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    first = first == null ? (Exception) e.getCause() : first;
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            stopping.shutdown();
        }
    }
}
