package io.cutover.agent.domain;

import java.time.Instant;

/**
 * One node's steps through one upgrade, each set once it happened (null: not yet). It follows the
 * state machine: {@link #after} reads a transition of {@link Rollout#next}; only the start of the
 * new release, which is no transition of its own, is told by {@link #started}. A new target starts
 * a new timeline; the last one stays after its upgrade, until the next target.
 *
 * @param stagedAt     the release was downloaded or found in place (the staging step's result)
 * @param verifiedAt   the staged release was verified and the node is ready (the same step: its checksum and version)
 * @param haltedAt     the node stopped at the upgrade height
 * @param switchedAt   {@code current} was re-pointed to the new release
 * @param startedAt    the new release was started (the last start, after a retry)
 * @param firstBlockAt the new release was seen on a block above the upgrade height
 */
public record Timeline(String upgradeId, Instant stagedAt, Instant verifiedAt, Instant haltedAt, Instant switchedAt,
        Instant startedAt, Instant firstBlockAt) {

    public static Timeline of(String upgradeId) {
        return new Timeline(upgradeId, null, null, null, null, null, null);
    }

    /**
     * The timeline after {@code event} moved the agent from {@code old} to {@code next} at {@code now};
     * {@code current} may be null (no upgrade seen yet), and so may the result.
     */
    public static Timeline after(Timeline current, RolloutState old, Event event, RolloutState next, Instant now) {
        Timeline t = current;
        if (next.target() != null && (t == null || !t.upgradeId().equals(next.target().proposalId()))) {
            t = of(next.target().proposalId());
        }
        if (t == null || old.target() == null || !t.upgradeId().equals(old.target().proposalId())) {
            return t;
        }
        if (event instanceof Event.Staged && next.stagedFolder() != null && !next.stagedFolder().equals(old.stagedFolder())) {
            t = new Timeline(t.upgradeId, now, next.ready() ? now : null, t.haltedAt, t.switchedAt, t.startedAt, t.firstBlockAt);
        } else if (event instanceof Event.Halted && next.haltedAtHeight() != old.haltedAtHeight()) {
            t = new Timeline(t.upgradeId, t.stagedAt, t.verifiedAt, now, t.switchedAt, t.startedAt, t.firstBlockAt);
        } else if (event instanceof Event.Switched && next.phase() != old.phase()) {
            t = new Timeline(t.upgradeId, t.stagedAt, t.verifiedAt, t.haltedAt, now, t.startedAt, t.firstBlockAt);
        } else if (event instanceof Event.StartedPastHeight && next.phase() != old.phase()) {
            t = new Timeline(t.upgradeId, t.stagedAt, t.verifiedAt, t.haltedAt, t.switchedAt, t.startedAt, now);
        }
        return t;
    }

    /** The new release of this upgrade was started at {@code now}. */
    public Timeline started(Instant now) {
        return new Timeline(upgradeId, stagedAt, verifiedAt, haltedAt, switchedAt, now, firstBlockAt);
    }
}
