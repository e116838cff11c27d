package io.cutover.agent.cosmos;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Cosmovisor's rule for {@code data/upgrade-info.json}: the plan recorded in the current release's
 * folder ({@code current/upgrade-info.json}) is the one applied last, and the file is judged
 * against it: new, the applied one (the file stays after the upgrade), or refused.
 */
final class AppliedUpgrade {

    private final CosmovisorLayout layout;
    private final Set<Long> skipHeights;
    private final CosmosSource.CurrentFolder currentFolder;

    AppliedUpgrade(CosmovisorLayout layout, Set<Long> skipHeights, CosmosSource.CurrentFolder currentFolder) {
        this.layout = layout;
        this.skipHeights = skipHeights;
        this.currentFolder = currentFolder;
    }

    /**
     * {@code plan} against the one applied last: null when it is new; "" when it is that one; else why
     * it is refused (below the applied one, or the applied one again at another height).
     */
    String judge(UpgradePlan plan) {
        Optional<UpgradePlan> applied = last();
        if (applied.isEmpty()) {
            return null;
        }
        UpgradePlan last = applied.get();
        if (last.name().equalsIgnoreCase(plan.name())) {
            return last.height() == plan.height() ? "" : "upgrade " + plan.name() + " at height " + plan.height()
                    + " was already applied at height " + last.height();
        }
        return last.height() >= plan.height() ? "upgrade " + plan.name() + " at height " + plan.height()
                + " is below the upgrade applied last (" + last.name() + " at height " + last.height() + ")" : null;
    }

    Optional<UpgradePlan> last() {
        try {
            return UpgradeInfoFile.read(currentFolder.get().resolve(CosmovisorLayout.UPGRADE_INFO)) instanceof UpgradeInfoFile.Present p
                    ? Optional.of(p.plan()) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The plan in data/upgrade-info.json when it is one the node must still be switched for. */
    Optional<UpgradePlan> pendingInFile() {
        if (UpgradeInfoFile.read(layout.upgradeInfoFile()) instanceof UpgradeInfoFile.Present p && p.plan().problem() == null
                && !skipHeights.contains(p.plan().height()) && judge(p.plan()) == null) {
            return Optional.of(p.plan());
        }
        return Optional.empty();
    }
}
