package io.cutover.localnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one node's Visor-style home: config.toml, genesis/run-config.toml (the node joins the one
 * chain of the peers file as its validator) and the {@code current} link.
 */
final class AgentHomeWriter {

    private AgentHomeWriter() {
    }

    /** @param kafkaLogin the [kafka] login settings (empty on a plaintext broker) */
    static void write(Path home, Settings settings, ReleaseDelivery delivery, int index, Path networkFile, Path peersFile,
            String bootstrapServers, String kafkaLogin, Path genesisBinary) throws IOException {
        int nodePort = settings.nodePorts().get(index);
        Files.createDirectories(home.resolve("genesis"));
        Files.writeString(home.resolve("config.toml"), """
                # Rollout agent of %1$s in the local network.
                maxNumberOfRestarts = 3
                restartsDelaySeconds = 1
                stopDelaySeconds = 0
                stopSignalTimeoutSeconds = 10
                rollbackOnFailure = false

                [autoInstall]
                enabled = true
                [autoInstall.asset]
                name = "sim-node"
                binaryName = "sim-node"

                [upgrade]
                staging = "%7$s"

                [network]
                file = "%2$s"
                nodeName = "%1$s"

                [kafka]
                bootstrapServers = "%3$s"
                heartbeatSeconds = 1
                %6$s
                [node]
                statusUrl = "http://127.0.0.1:%4$d/status"
                adminUrl = "http://127.0.0.1:%4$d/admin/halt"
                haltMode = "admin"
                pollIntervalMillis = %8$d
                startTimeoutSeconds = 60

                [verification]
                requireChecksum = true

                [api]
                port = %5$d
                """.formatted(settings.nodeName(index), networkFile, bootstrapServers, nodePort, settings.agentPorts().get(index), kafkaLogin,
                delivery.staging(), delivery.agentPollMillis()));
        Files.writeString(home.resolve("genesis/run-config.toml"), """
                name = "genesis"

                [vega.binary]
                  path = "%s"
                  args = ["run", "--home", "%s", "--port", "%d", "--block-interval", "%dms", "--peers", "%s", "--validator", "%s"]
                """.formatted(home.resolve("genesis").relativize(genesisBinary), home.resolve("node-data"), nodePort,
                settings.blockInterval().toMillis(), peersFile, settings.nodeName(index)));
        Path current = home.resolve("current");
        Files.deleteIfExists(current);
        Files.createSymbolicLink(current, Path.of("genesis"));
    }
}
