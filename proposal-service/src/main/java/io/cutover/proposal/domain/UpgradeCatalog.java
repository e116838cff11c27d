package io.cutover.proposal.domain;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;


import io.cutover.core.validation.KnownUpgrades;

/**
 * The upgrades a recovery may name: proposal ids approved on upgrade.approvals (also when a recovery
 * approval has since superseded them there) and {@code "<tag>@<height>"} of targets agents report as
 * announced by the chain on rollout.status.
 */
public class UpgradeCatalog implements KnownUpgrades {

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public void approved(String upgradeId) {
        known.add(upgradeId);
    }

    public void cancelled(String upgradeId) {
        known.remove(upgradeId);
    }

    public void announcedByChain(String releaseTag, long height) {
        known.add(releaseTag + "@" + Long.toUnsignedString(height));
    }

    @Override
    public boolean contains(String upgradeId) {
        return known.contains(upgradeId);
    }
}
