package io.cutover.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cutover.testing.KafkaBroker;

class PortsInUseTest {

    @Test
    void namesEveryPortSomethingElseHoldsAndNoOther() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = KafkaBroker.freePort();
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("Kafka (controller)", held.getLocalPort());
            ports.put("vote-aggregator", free);

            assertThat(PortsInUse.among(ports)).containsExactly(held.getLocalPort() + " (Kafka (controller))");
        }
    }
}
