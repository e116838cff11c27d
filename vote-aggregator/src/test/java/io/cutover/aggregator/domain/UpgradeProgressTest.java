package io.cutover.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.NetworkConfigParser;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RolloutStatus;

class UpgradeProgressTest {

    private static final TestNetwork NETWORK = new TestNetwork(10, 20, 30, 40);
    private static final NetworkConfig CONFIG = NetworkConfigParser.parse(NETWORK.toml(), "network.toml").orThrow();

    @Test
    void readyPowerCountsOnlyAgentsReadyForTheNextUpgradeOnce() {
        List<Proposal> proposals = List.of(
                proposal("v1.2.0@900", ProposalStatus.PROPOSAL_STATUS_APPROVED, 900, 90),
                proposal("v1.1.0@500", ProposalStatus.PROPOSAL_STATUS_APPROVED, 500, 60),
                proposal("v1.3.0@950", ProposalStatus.PROPOSAL_STATUS_PENDING, 950, 30));
        List<RolloutStatus> agents = List.of(
                agent(1, "v1.1.0@500", true),
                agent(1, "v1.1.0@500", true), // the same validator on a second node counts once
                agent(2, "v1.2.0@900", true), // ready, but for a later upgrade
                agent(3, "v1.1.0@500", false),
                agent(4, "v1.1.0@500", true));

        UpgradeProgress progress = UpgradeProgress.of(proposals, agents, CONFIG, 420);

        assertThat(progress.totalPower()).isEqualTo(100);
        assertThat(progress.requiredPower()).as("more than 2/3 of 100").isEqualTo(67);
        assertThat(progress.pending()).containsExactly(new UpgradeProgress.Tally("v1.3.0@950", 30));
        assertThat(progress.next()).contains(new UpgradeProgress.Readiness("v1.1.0@500", 500, 80, 50));
    }

    @Test
    void anUpgradeAtOrBehindTheNetworkHeightIsNotAhead() {
        UpgradeProgress progress = UpgradeProgress.of(
                List.of(proposal("v1.1.0@500", ProposalStatus.PROPOSAL_STATUS_APPROVED, 500, 60),
                        proposal("v1.2.0@600", ProposalStatus.PROPOSAL_STATUS_CANCELLED, 600, 70)),
                List.of(), CONFIG, 500);
        assertThat(progress.next()).isEmpty();
        assertThat(progress.pending()).isEmpty();
    }

    private static Proposal proposal(String id, ProposalStatus status, long height, long approving) {
        return Proposal.newBuilder().setProposalId(id).setStatus(status).setHeight(height).setApprovingPower(approving).build();
    }

    private static RolloutStatus agent(int validator, String target, boolean ready) {
        return RolloutStatus.newBuilder().setNode("node-" + validator).setValidatorKey(NETWORK.key(validator))
                .setTargetProposalId(target).setReady(ready).build();
    }
}
