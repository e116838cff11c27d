package io.cutover.aggregator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.cutover.testing.TestFiles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A folder of network files for one aggregator serving a fleet: two networks with their own chain ids and validators, and a
 * file that does not parse (it must be logged and skipped while the two are served).
 */
public class FleetFilesResource implements QuarkusTestResourceLifecycleManager {

    public static final TestNetwork A = new TestNetwork("fleet-a", 0, 10, 10, 10, 10);
    public static final TestNetwork B = new TestNetwork("fleet-b", 20, 10, 10, 10);

    @Override
    public Map<String, String> start() {
        try {
            Path folder = TestFiles.directory("fleet-");
            Files.writeString(folder.resolve("a.toml"), A.toml());
            Files.writeString(folder.resolve("b.toml"), B.toml());
            Files.writeString(folder.resolve("c-broken.toml"), "chain_id = \"fleet-c\"\ncurrent_release = \"not a version\"\n");
            return Map.of("cutover.networks", folder.toString(), "cutover.aggregator.instance-id", "fleet-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
