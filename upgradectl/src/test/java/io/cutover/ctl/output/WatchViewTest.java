package io.cutover.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.ctl.ExitCode;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

class WatchViewTest {

    private final StringWriter text = new StringWriter();
    private final WatchView view = new WatchView(new Printer(new PrintWriter(text), new PrintWriter(new StringWriter()), OutputFormat.text),
            "v1.1.0@1200", WatchView.Until.upgraded);

    @Test
    void upgradeIsDoneOnlyWhenEveryNodeRunsTheRelease() {
        view.proposal(proposal(ProposalStatus.PROPOSAL_STATUS_APPROVED));
        view.agents(List.of(agent("validator-1", RolloutPhase.ROLLOUT_PHASE_READY, "v1.0.0"),
                agent("validator-2", RolloutPhase.ROLLOUT_PHASE_RUNNING, "v1.0.0")));
        assertThat(view.outcome()).isEmpty();
        view.agents(List.of(agent("validator-1", RolloutPhase.ROLLOUT_PHASE_RUNNING, "v1.1.0"),
                agent("validator-2", RolloutPhase.ROLLOUT_PHASE_STARTING, "v1.1.0")));
        assertThat(view.outcome()).isEmpty();
        view.agents(List.of(agent("validator-1", RolloutPhase.ROLLOUT_PHASE_RUNNING, "v1.1.0"),
                agent("validator-2", RolloutPhase.ROLLOUT_PHASE_RUNNING, "1.1.0")));
        assertThat(view.outcome()).contains(ExitCode.OK);
        assertThat(text.toString()).contains("node validator-1  READY", "node validator-2  STARTING", "Upgrade complete: all 2 node(s) run v1.1.0");
    }

    @Test
    void nodesRunningTheReleaseBeforeApprovalDoNotEndTheWatch() {
        view.agents(List.of(agent("validator-1", RolloutPhase.ROLLOUT_PHASE_RUNNING, "v1.1.0")));
        view.proposal(proposal(ProposalStatus.PROPOSAL_STATUS_PENDING));
        assertThat(view.outcome()).isEmpty();
    }

    @Test
    void printsANodeOnlyWhenItsStateChanges() {
        view.agents(List.of(agent("validator-1", RolloutPhase.ROLLOUT_PHASE_RUNNING, "v1.0.0")));
        view.agents(List.of(agent("validator-1", RolloutPhase.ROLLOUT_PHASE_RUNNING, "v1.0.0").toBuilder().setHeight(1001).build()));
        assertThat(text.toString().lines().filter(l -> l.contains("validator-1"))).hasSize(1);
    }

    @Test
    void cancelledEndsTheWatchWithoutUpgrade() {
        view.proposal(proposal(ProposalStatus.PROPOSAL_STATUS_CANCELLED));
        assertThat(view.outcome()).contains(ExitCode.NOT_UPGRADED);
    }

    private static Proposal proposal(ProposalStatus status) {
        return Proposal.newBuilder().setProposalId("v1.1.0@1200").setReleaseTag("v1.1.0").setHeight(1200).setStatus(status).build();
    }

    private static RolloutStatus agent(String node, RolloutPhase phase, String release) {
        return RolloutStatus.newBuilder().setNode(node).setPhase(phase).setRunningRelease(release).setHeight(1000).build();
    }
}
