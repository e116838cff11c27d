package io.cutover.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.cutover.testing.KafkaBroker;

/**
 * The fault-injection suite (docs/reliability.md). {@code ./mvnw verify} runs the short plan; {@code -Pfault-injection}
 * (or {@code -Dcutover.fault-injection=full}) runs the full one.
 */
class FaultInjectionIT {

    @Test
    void nothingAcknowledgedIsLostNoApprovalIsDuplicatedAndNoUnverifiedBinaryRuns() throws Exception {
        FaultInjection.Plan plan = "full".equals(System.getProperty("cutover.fault-injection")) ? FaultInjection.Plan.full()
                : FaultInjection.Plan.quick();
        Settings settings = settings(plan.name());
        LocalNetwork network = new LocalNetwork(settings, System.out);
        FaultInjection.Report report;
        try (network) {
            report = new FaultInjection(network, settings, plan, System.out).run();
        }
        System.out.println(report.table());
        Files.writeString(settings.runFolder().resolve("fault-injection.md"), report.table() + "\nfaults:\n- "
                + String.join("\n- ", report.faults()) + "\n");
        assertThat(report.problems()).as(report.table()).isEmpty();
        assertThat(network.leftovers()).as("processes left running").isEmpty();
    }

    static Settings settings(String scenario) {
        Path root = LocalNetworkIT.repositoryRoot();
        Path runFolder = root.resolve("deploy/local-network/target/fault-injection").resolve(scenario);
        LocalNetworkIT.deleteRecursively(runFolder);
        return new Settings(root, runFolder, 4, 3, 60, Duration.ofMillis(400),
                List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()),
                freePorts(4), freePorts(4), Optional.empty(), Duration.ofSeconds(240));
    }

    private static List<Integer> freePorts(int count) {
        return IntStream.range(0, count).mapToObj(i -> KafkaBroker.freePort()).toList();
    }
}
