package io.cutover.proposal.domain;

import java.time.Instant;
import java.util.OptionalLong;


import io.cutover.core.height.HeightReport;
import io.cutover.core.height.NetworkHeightEstimate;
import io.cutover.core.network.NetworkConfig;
import io.cutover.proposal.config.ProposalServiceConfig;
import io.cutover.proposal.config.ProposalServiceConfig.HeightSource;

/**
 * The network height from the configured source: the median of consensus validators' fresh
 * reports on rollout.status ({@code agents}), or the last fresh height polled from a status URL
 * ({@code status-url}).
 */
public class NetworkHeight {

    private record Polled(long height, Instant at) {
    }

    private final ProposalServiceConfig.HeightConfig config;
    private final NetworkHeightEstimate estimate;
    private volatile Polled polled;

    public NetworkHeight(ProposalServiceConfig config) {
        this.config = config.height();
        this.estimate = new NetworkHeightEstimate(this.config.maxAge());
    }

    public HeightSource source() {
        return config.source();
    }

    public synchronized void record(HeightReport report) {
        estimate.record(report);
    }

    public void recordPolled(long height, Instant at) {
        polled = new Polled(height, at);
    }

    public OptionalLong current(NetworkConfig network, Instant now) {
        if (config.source() == HeightSource.STATUS_URL) {
            Polled last = polled;
            return last == null || last.at().isBefore(now.minus(config.maxAge())) ? OptionalLong.empty() : OptionalLong.of(last.height());
        }
        synchronized (this) {
            return estimate.height(network, now);
        }
    }
}
