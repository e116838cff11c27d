package io.cutover.core.validation;

import java.util.Collection;
import java.util.Comparator;

import io.cutover.core.proposal.ReleaseTag;

/**
 * The release a network runs: network.toml's {@code current_release}, advanced by every approved
 * upgrade whose height the network has reached. The newer of the two wins, so an operator who
 * already updated network.toml is not taken back.
 */
public final class ReleaseInForce {

    /** An approved upgrade: the release it brings and the height it takes effect. */
    public record ApprovedUpgrade(ReleaseTag release, long height) {
    }

    private ReleaseInForce() {
    }

    public static ReleaseTag at(ReleaseTag fromFile, Collection<ApprovedUpgrade> approved, long networkHeight) {
        return approved.stream()
                .filter(u -> u.height() >= 0 && u.height() <= networkHeight)
                .max(Comparator.comparingLong(ApprovedUpgrade::height))
                .map(ApprovedUpgrade::release)
                .filter(passed -> passed.compareTo(fromFile) > 0)
                .orElse(fromFile);
    }
}
