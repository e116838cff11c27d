package io.cutover.aggregator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import io.cutover.proto.v1.RolloutStatus;

/**
 * The block time measured from the agents' reports: each time a report shows a height above every
 * height reported before, that height and the report's time are kept (the last {@value #SAMPLES});
 * the block time is the time between the first and the last kept over the blocks between them.
 */
public final class ReportedBlockTime implements BlockTime {

    static final int SAMPLES = 64;

    private record Sample(long height, Instant at) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();

    public synchronized void record(RolloutStatus report) {
        if (!report.hasReportedAt() || report.getHeight() <= 0) {
            return;
        }
        Instant at = Instant.ofEpochSecond(report.getReportedAt().getSeconds(), report.getReportedAt().getNanos());
        Sample last = samples.peekLast();
        if (last != null && (report.getHeight() <= last.height() || !at.isAfter(last.at()))) {
            return;
        }
        samples.addLast(new Sample(report.getHeight(), at));
        if (samples.size() > SAMPLES) {
            samples.removeFirst();
        }
    }

    @Override
    public synchronized Optional<Duration> perBlock() {
        if (samples.size() < 2) {
            return Optional.empty();
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        return Optional.of(Duration.between(first.at(), last.at()).dividedBy(last.height() - first.height()));
    }
}
