package io.cutover.proposal.messaging;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.core.events.EventJson;
import io.cutover.core.height.HeightReport;
import io.cutover.proposal.config.ServedNetworks;
import io.cutover.proposal.domain.ServedNetwork;
import java.util.Optional;
import io.cutover.proposal.domain.UpgradeCatalog;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.TargetOrigin;

/**
 * Feeds the agents' reported heights (rollout.status) into the network height estimate, and their
 * chain-announced targets into the upgrades a recovery may name.
 */
@ApplicationScoped
public class RolloutStatusConsumer {

    private static final Logger LOG = Logger.getLogger(RolloutStatusConsumer.class);

    private final ServedNetworks networks;
    private final Clock clock = Clock.systemUTC();

    public RolloutStatusConsumer(ServedNetworks networks) {
        this.networks = networks;
    }

    @Incoming(Channels.ROLLOUT_STATUS)
    public void onStatus(String json) {
        RolloutStatus status;
        try {
            status = EventJson.read(json, RolloutStatus.newBuilder());
        } catch (InvalidProtocolBufferException e) {
            LOG.warnf("skipping a rollout.status record that is not a RolloutStatus: %s", e.getMessage());
            return;
        }
        Optional<ServedNetwork> network = networks.network(status.getChainId());
        if (network.isEmpty()) {
            return;
        }
        UpgradeCatalog upgrades = network.get().upgrades();
        if (status.getTargetOrigin() == TargetOrigin.TARGET_ORIGIN_CHAIN && !status.getTargetRelease().isEmpty()) {
            upgrades.announcedByChain(status.getTargetRelease(), status.getTargetHeight());
        }
        if (status.getValidatorKey().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant reportedAt = status.hasReportedAt()
                ? Instant.ofEpochSecond(status.getReportedAt().getSeconds(), status.getReportedAt().getNanos())
                : now;
        // a clock ahead of ours must not keep a report fresh for ever
        Instant at = reportedAt.isAfter(now) ? now : reportedAt;
        network.get().height().record(new HeightReport(status.getValidatorKey(), status.getHeight(), at));
        network.get().observedHeight(status.getHeight(), at);
    }
}
