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
 * The fault-injection suite on the cluster layout (docs/reliability.md): three Kafka nodes on free ports,
 * two proposal-service instances, an active and a stand-by aggregator. {@code ./mvnw verify} runs the short
 * plan, {@code -Pfault-injection} (or {@code -Dcutover.fault-injection=full}) the full one.
 */
class ClusterFaultInjectionIT {

    @Test
    void leaderKillsServiceKillsAndAWipedBrokerLoseNothingAndApproveOnce() throws Exception {
        ClusterFaultInjection.Plan plan = "full".equals(System.getProperty("cutover.fault-injection"))
                ? ClusterFaultInjection.Plan.full() : ClusterFaultInjection.Plan.quick();
        Settings settings = settings(plan.name());
        LocalNetwork network = new LocalNetwork(settings, System.out);
        ClusterFaultInjection.Report report;
        try (network) {
            report = new ClusterFaultInjection(network, settings, plan, System.out).run();
        }
        System.out.println(report.table());
        System.out.println(report.windows());
        Files.writeString(settings.runFolder().resolve("fault-injection.md"), report.table() + "\nunavailability:\n\n" + report.windows()
                + "\nfaults:\n- " + String.join("\n- ", report.faults()) + "\n");
        assertThat(report.problems()).as(report.table()).isEmpty();
        assertThat(network.leftovers()).as("processes left running").isEmpty();
    }

    static Settings settings(String scenario) {
        Path root = LocalNetworkIT.repositoryRoot();
        Path runFolder = root.resolve("deploy/local-network/target/fault-injection").resolve(scenario);
        LocalNetworkIT.deleteRecursively(runFolder);
        return new Settings(root, runFolder, 4, 3, 60, Duration.ofMillis(400),
                freePorts(3), freePorts(3), freePorts(2), freePorts(2),
                freePorts(4), freePorts(4), Optional.empty(), Duration.ofSeconds(240));
    }

    private static List<Integer> freePorts(int count) {
        return IntStream.range(0, count).mapToObj(i -> KafkaBroker.freePort()).toList();
    }
}
