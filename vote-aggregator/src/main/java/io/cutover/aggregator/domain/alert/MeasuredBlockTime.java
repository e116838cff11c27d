package io.cutover.aggregator.domain.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A simple {@link TimeOfHeight}: the network heights observed over time, per chain; the mean block time over
 * the observations of the last {@code window} projects the newest observation to the height asked for.
 */
public final class MeasuredBlockTime implements TimeOfHeight {

    private record Sample(Instant at, long height) {
    }

    private final Duration window;
    private final Map<String, Deque<Sample>> samples = new HashMap<>();

    public MeasuredBlockTime(Duration window) {
        this.window = window;
    }

    /** The network of {@code chainId} was at {@code height} at {@code at}; a height that did not grow is ignored. */
    public synchronized void observe(String chainId, long height, Instant at) {
        Deque<Sample> chain = samples.computeIfAbsent(chainId, c -> new ArrayDeque<>());
        if (height <= 0 || (!chain.isEmpty() && height <= chain.peekLast().height())) {
            return;
        }
        chain.addLast(new Sample(at, height));
        while (chain.size() > 2 && chain.peekFirst().at().isBefore(at.minus(window))) {
            chain.removeFirst();
        }
    }

    /** The mean block time over the window; empty before two heights were observed. */
    public synchronized Optional<Duration> blockTime(String chainId) {
        Deque<Sample> chain = samples.get(chainId);
        if (chain == null || chain.size() < 2) {
            return Optional.empty();
        }
        Sample first = chain.peekFirst();
        Sample last = chain.peekLast();
        return Optional.of(Duration.between(first.at(), last.at()).dividedBy(last.height() - first.height()));
    }

    @Override
    public synchronized Optional<Instant> estimate(String chainId, long height) {
        Optional<Duration> blockTime = blockTime(chainId);
        if (blockTime.isEmpty()) {
            return Optional.empty();
        }
        Sample last = samples.get(chainId).peekLast();
        return Optional.of(last.at().plus(blockTime.get().multipliedBy(height - last.height())));
    }
}
