package io.cutover.aggregator.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Writes the test network's network.toml (four validators of power 10) and points the aggregator at it. */
public class NetworkFileResource implements QuarkusTestResourceLifecycleManager {

    public static final TestNetwork NETWORK = new TestNetwork(10, 10, 10, 10);

    @Override
    public Map<String, String> start() {
        return Map.of("cutover.network-file", NETWORK.writeToml().toString(),
                "cutover.aggregator.instance-id", "test-instance");
    }

    @Override
    public void stop() {
    }
}
