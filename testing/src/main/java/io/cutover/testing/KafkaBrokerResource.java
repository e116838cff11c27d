package io.cutover.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker: {@code @WithTestResource(KafkaBrokerResource.class)}.
 * Tests reach the broker through {@link #broker()} to stop and restart it.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile KafkaBroker current;

    public static KafkaBroker broker() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        current = KafkaBroker.start();
        return Map.of("kafka.bootstrap.servers", current.bootstrapServers());
    }

    @Override
    public void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
