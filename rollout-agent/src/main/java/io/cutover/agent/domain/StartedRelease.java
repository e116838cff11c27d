package io.cutover.agent.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * How the agent judges a release it started from the upgrade height: by the node, not by the chain.
 * The chain makes block H+1 only when more than 2/3 of the voting power runs the new release, which
 * may take minutes; until then a healthy node answers its status at H and is not catching up. So a
 * node whose process is alive and that answers is healthy, whether it syncs missed blocks (catching
 * up) or waits at H (waiting for peers). It is restarted only when its process exits, when it never
 * answers within the start timeout, or when, having answered, it stops answering for as long.
 */
public final class StartedRelease {

    private StartedRelease() {
    }

    /** The node's answer to a status request: its latest height and whether it is syncing blocks it missed. */
    public record NodeStatus(long height, boolean catchingUp) {
    }

    /**
     * One look at the started release.
     *
     * @param alive           whether every process of the release is running
     * @param answer          the node's status, empty when it did not answer this time
     * @param sinceStart      time since the release was started
     * @param sinceLastAnswer time since the node last answered, empty when it never has
     */
    public record Observation(boolean alive, Optional<NodeStatus> answer, Duration sinceStart, Optional<Duration> sinceLastAnswer) {
    }

    /** What an observation means; the first three are healthy, the last three call for a restart. */
    public enum Kind {
        /** Alive, has not answered yet, within the start timeout. */
        STARTING,
        /** Alive and answering, syncing blocks it missed. */
        CATCHING_UP,
        /** Alive and answering at or below the upgrade height, not catching up: the chain waits for more power. */
        WAITING_FOR_PEERS,
        /** Alive, answered before, silent for less than the timeout. */
        NOT_ANSWERING,
        /** The node's height moved past the upgrade height: the chain runs on the new release. */
        PAST_HEIGHT,
        /** A process of the release exited. */
        EXITED,
        /** Alive but never answered within the start timeout. */
        NEVER_ANSWERED,
        /** Alive, answered once, then silent for the start timeout. */
        STOPPED_ANSWERING
    }

    /**
     * @param height        the height the node last reported (-1 when it never answered)
     * @param upgradeHeight the height the release was started from
     * @param silence       how long the node has not answered (zero when it answered this time)
     */
    public record Verdict(Kind kind, long height, long upgradeHeight, Duration silence) {

        /** The release must be stopped and started again (within the restart budget). */
        public boolean restart() {
            return kind == Kind.EXITED || kind == Kind.NEVER_ANSWERED || kind == Kind.STOPPED_ANSWERING;
        }
    }

    /**
     * @param lastHeight the highest height the node reported so far (-1 when none)
     * @param timeout    {@code node.startTimeoutSeconds}: how long a node may take to answer first, and stay silent later
     */
    public static Verdict judge(Observation o, long upgradeHeight, long lastHeight, Duration timeout) {
        if (!o.alive()) {
            return new Verdict(Kind.EXITED, lastHeight, upgradeHeight, o.sinceLastAnswer().orElse(o.sinceStart()));
        }
        if (o.answer().isPresent()) {
            NodeStatus status = o.answer().get();
            Kind kind = status.height() > upgradeHeight ? Kind.PAST_HEIGHT
                    : status.catchingUp() ? Kind.CATCHING_UP : Kind.WAITING_FOR_PEERS;
            return new Verdict(kind, status.height(), upgradeHeight, Duration.ZERO);
        }
        if (o.sinceLastAnswer().isEmpty()) {
            return new Verdict(o.sinceStart().compareTo(timeout) > 0 ? Kind.NEVER_ANSWERED : Kind.STARTING, lastHeight,
                    upgradeHeight, o.sinceStart());
        }
        Duration silence = o.sinceLastAnswer().get();
        return new Verdict(silence.compareTo(timeout) > 0 ? Kind.STOPPED_ANSWERING : Kind.NOT_ANSWERING, lastHeight, upgradeHeight,
                silence);
    }

    /**
     * The node's state in words, as reported in {@code node_state} and logged.
     *
     * @param powerBack for WAITING_FOR_PEERS, who runs the new release as far as the agent knows (empty without Kafka)
     */
    public static String describe(Verdict v, Optional<PowerBack.Tally> powerBack) {
        return switch (v.kind()) {
            case STARTING -> "starting: the node has not answered yet";
            case CATCHING_UP -> "catching up at height " + v.height();
            case WAITING_FOR_PEERS -> "waiting for peers at height " + v.height() + powerBack.map(t -> ": " + t.describe()).orElse("");
            case NOT_ANSWERING -> "not answering for " + v.silence().toSeconds() + " s at height " + v.height();
            case PAST_HEIGHT -> "";
            case EXITED -> "the process exited before the height moved past " + v.upgradeHeight() + lastHeight(v);
            case NEVER_ANSWERED -> "the node did not answer within " + v.silence().toSeconds() + " s of its start";
            case STOPPED_ANSWERING -> "the node stopped answering for " + v.silence().toSeconds() + " s" + lastHeight(v);
        };
    }

    private static String lastHeight(Verdict v) {
        return v.height() < 0 ? "" : " (last height " + v.height() + ")";
    }
}
