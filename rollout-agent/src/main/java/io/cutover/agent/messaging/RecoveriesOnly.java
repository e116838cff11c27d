package io.cutover.agent.messaging;

import java.util.Optional;

import org.jboss.logging.Logger;

import io.cutover.agent.domain.RecoveryPlan;
import io.cutover.agent.domain.Target;
import io.cutover.agent.source.UpgradeSource;

/**
 * upgrade.approvals read by an agent whose upgrades the chain announces (vega-core, cosmos): only
 * verified recoveries reach the agent; its upgrades come from the chain, never from an approval. A
 * subclass may read the approvals for something else (the vega-core source: their checksums).
 */
public class RecoveriesOnly implements UpgradeSource.Announcements {

    private static final Logger LOG = Logger.getLogger(RecoveriesOnly.class);

    private final UpgradeSource.Announcements agent;

    public RecoveriesOnly(UpgradeSource.Announcements agent) {
        this.agent = agent;
    }

    @Override
    public void recoveryApproved(RecoveryPlan plan) {
        agent.recoveryApproved(plan);
    }

    @Override
    public void announced(Target target) {
        // the chain announces this agent's upgrades
    }

    @Override
    public void withdrawn(String targetId, long height, String why) {
        // the chain withdraws this agent's upgrades
    }

    @Override
    public void refused(String targetId, String reason) {
        if (targetId.contains("/hot-fix/") || targetId.endsWith("/return")) {
            agent.refused(targetId, reason);
        } else {
            LOG.debugf("approval %s not used: %s", targetId, reason);
        }
    }

    @Override
    public Optional<Target> pendingTarget() {
        return agent.pendingTarget();
    }

    @Override
    public long nodeHeight() {
        return agent.nodeHeight();
    }

    @Override
    public String runningRelease() {
        return agent.runningRelease();
    }
}
