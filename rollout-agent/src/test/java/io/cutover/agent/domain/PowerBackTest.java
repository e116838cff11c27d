package io.cutover.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.agent.domain.PowerBack.Report;
import io.cutover.core.network.ValidatorInfo;

class PowerBackTest {

    private static final List<ValidatorInfo> VALIDATORS = List.of(new ValidatorInfo("validator-1", "k1", 10),
            new ValidatorInfo("validator-2", "k2", 10), new ValidatorInfo("validator-3", "k3", 15),
            new ValidatorInfo("observer", "k4", 0));
    private static final Report SELF = new Report("validator-1", "k1", "v1.1.0", true);

    @Test
    void countsThePowerOfNodesUpOnTheRelease() {
        PowerBack.Tally tally = PowerBack.of("v1.1.0", List.of(new Report("validator-2", "k2", "v1.1.0", true),
                new Report("validator-3", "k3", "v1.0.0", true), new Report("observer", "k4", "v1.1.0", true)), SELF, VALIDATORS);
        assertThat(tally.power()).isEqualTo(20);
        assertThat(tally.totalPower()).isEqualTo(35);
        assertThat(tally.nodes()).isEqualTo(3);
        assertThat(tally.describe()).isEqualTo("20 of 35 voting power back on v1.1.0");
    }

    @Test
    void aNodeRetryingOrFailedOnTheReleaseIsNotBack() {
        PowerBack.Tally tally = PowerBack.of("v1.1.0", List.of(new Report("validator-2", "k2", "v1.1.0", false)), SELF, VALIDATORS);
        assertThat(tally.power()).isEqualTo(10);
    }

    @Test
    void theAgentsOwnNodeCountsAsItRunsNotAsItsLastReportSaid() {
        PowerBack.Tally tally = PowerBack.of("v1.1.0", List.of(new Report("validator-1", "k1", "v1.0.0", false)), SELF, VALIDATORS);
        assertThat(tally.power()).isEqualTo(10);
        assertThat(tally.nodes()).isEqualTo(1);
    }

    @Test
    void aReportIsMatchedByItsValidatorKeyAndWithoutOneByItsName() {
        PowerBack.Tally tally = PowerBack.of("v1.1.0", List.of(new Report("host-b", "k2", "v1.1.0", true),
                new Report("validator-3", "", "v1.1.0", true), new Report("validator-2", "unknown", "v1.1.0", true)), SELF, VALIDATORS);
        assertThat(tally.power()).isEqualTo(35);
    }

    @Test
    void withoutNetworkTomlNodesAreCounted() {
        PowerBack.Tally tally = PowerBack.of("v1.1.0", List.of(new Report("validator-2", "", "v1.1.0", true)), SELF, List.of());
        assertThat(tally.describe()).isEqualTo("2 nodes report v1.1.0 (voting power unknown without network.file)");
    }
}
