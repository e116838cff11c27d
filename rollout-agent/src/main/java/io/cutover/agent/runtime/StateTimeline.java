package io.cutover.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;

import io.cutover.agent.domain.Event;
import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.domain.Timeline;
import io.cutover.proto.v1.RolloutTimeline;

/** The node's timeline of its current (or last) upgrade, kept in state.json's "timeline" section so a restart keeps it. */
final class StateTimeline {

    static final String SECTION = "timeline";

    private final StateStore store;
    private Timeline timeline;
    private boolean loaded;

    StateTimeline(StateStore store) {
        this.store = store;
    }

    /** Follows a transition of the state machine (on the control thread, before the new state is saved). */
    synchronized void observe(RolloutState old, Event event, RolloutState next, Instant now) {
        keep(Timeline.after(current(), old, event, next, now));
    }

    /** The new release of {@code upgradeId} was started. */
    synchronized void started(String upgradeId, Instant now) {
        Timeline t = current();
        if (t != null && t.upgradeId().equals(upgradeId)) {
            keep(t.started(now));
        }
    }

    synchronized Optional<RolloutTimeline> report() {
        return Optional.ofNullable(current()).map(StateTimeline::proto);
    }

    private Timeline current() {
        if (!loaded) {
            JsonNode node = store.section(SECTION);
            try {
                timeline = node.isMissingNode() || node.isNull() ? null : store.json().treeToValue(node, Timeline.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the timeline in state.json", e);
            }
            loaded = true;
        }
        return timeline;
    }

    private void keep(Timeline next) {
        if (next != null && !next.equals(timeline)) {
            timeline = next;
            store.saveSection(SECTION, store.json().valueToTree(next));
        }
    }

    static RolloutTimeline proto(Timeline t) {
        RolloutTimeline.Builder b = RolloutTimeline.newBuilder().setUpgradeId(t.upgradeId());
        Optional.ofNullable(t.stagedAt()).map(StateTimeline::timestamp).ifPresent(b::setStagedAt);
        Optional.ofNullable(t.verifiedAt()).map(StateTimeline::timestamp).ifPresent(b::setVerifiedAt);
        Optional.ofNullable(t.haltedAt()).map(StateTimeline::timestamp).ifPresent(b::setHaltedAt);
        Optional.ofNullable(t.switchedAt()).map(StateTimeline::timestamp).ifPresent(b::setSwitchedAt);
        Optional.ofNullable(t.startedAt()).map(StateTimeline::timestamp).ifPresent(b::setStartedAt);
        Optional.ofNullable(t.firstBlockAt()).map(StateTimeline::timestamp).ifPresent(b::setFirstBlockAt);
        return b.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
