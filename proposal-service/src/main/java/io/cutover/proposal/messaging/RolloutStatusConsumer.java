package io.cutover.proposal.messaging;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.core.events.EventJson;
import io.cutover.core.height.HeightReport;
import io.cutover.proposal.config.NetworkFile;
import io.cutover.proposal.domain.NetworkHeight;
import io.cutover.proto.v1.RolloutStatus;

/** Feeds the agents' reported heights (rollout.status) into the network height estimate. */
@ApplicationScoped
public class RolloutStatusConsumer {

    private static final Logger LOG = Logger.getLogger(RolloutStatusConsumer.class);

    private final NetworkFile networkFile;
    private final NetworkHeight height;
    private final Clock clock = Clock.systemUTC();

    public RolloutStatusConsumer(NetworkFile networkFile, NetworkHeight height) {
        this.networkFile = networkFile;
        this.height = height;
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
        if (!status.getChainId().equals(networkFile.current().chainId()) || status.getValidatorKey().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant reportedAt = status.hasReportedAt()
                ? Instant.ofEpochSecond(status.getReportedAt().getSeconds(), status.getReportedAt().getNanos())
                : now;
        // a clock ahead of ours must not keep a report fresh for ever
        height.record(new HeightReport(status.getValidatorKey(), status.getHeight(), reportedAt.isAfter(now) ? now : reportedAt));
    }
}
