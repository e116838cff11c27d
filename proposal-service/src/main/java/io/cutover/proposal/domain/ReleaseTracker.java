package io.cutover.proposal.domain;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;


import io.cutover.core.network.NetworkConfig;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.validation.ReleaseInForce;
import io.cutover.core.validation.ReleaseInForce.ApprovedUpgrade;

/** Approved upgrades seen on upgrade.approvals, by height; the release in force follows from them and the network height. */
public class ReleaseTracker {

    private final Map<Long, ApprovedUpgrade> approvedByHeight = new ConcurrentHashMap<>();

    public void approved(ReleaseTag release, long height) {
        approvedByHeight.put(height, new ApprovedUpgrade(release, height));
    }

    public void cancelled(long height) {
        approvedByHeight.remove(height);
    }

    public ReleaseTag current(NetworkConfig network, OptionalLong networkHeight) {
        if (networkHeight.isEmpty()) {
            return network.currentRelease();
        }
        return ReleaseInForce.at(network.currentRelease(), List.copyOf(approvedByHeight.values()), networkHeight.getAsLong());
    }
}
