package io.cutover.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker: {@code @WithTestResource(KafkaBrokerResource.class)}.
 * Tests reach the broker through {@link #broker()} to stop and restart it. Quarkus stops it when the
 * application the tests share stops, which may be after the class that started it ended: the process
 * check ({@link TestProcesses}) leaves it alone.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile KafkaBroker current;

    public static KafkaBroker broker() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        current = KafkaBroker.startShared();
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
