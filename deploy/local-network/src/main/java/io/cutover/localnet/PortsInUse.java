package io.cutover.localnet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/**
 * The ports of a run that something else already holds on 127.0.0.1, checked before anything starts,
 * so that a second network on the same host fails at once with the port named rather than minutes
 * later in a broker's log.
 */
final class PortsInUse {

    private PortsInUse() {
    }

    /** The entries of {@code named} whose port cannot be bound, as "9093 (Kafka (controller))". */
    static List<String> among(Map<String, Integer> named) {
        return named.entrySet().stream().filter(e -> !free(e.getValue())).map(e -> e.getValue() + " (" + e.getKey() + ")").toList();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
