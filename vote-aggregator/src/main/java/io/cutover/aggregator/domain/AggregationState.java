package io.cutover.aggregator.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import io.cutover.core.height.HeightReport;
import io.cutover.core.tally.TallyState;

/**
 * Everything an {@link Aggregation} holds, as values: {@link Aggregation#state()} takes it and
 * {@link Aggregation#restore} gives back an aggregation that reacts to every further input as the original would.
 *
 * @param heightReports    the newest height report of every validator
 * @param latestReport     the newest report time seen (the clock of the height estimate)
 * @param seenTransactions the hashes of the transactions already counted, by the block height they were signed at
 */
public record AggregationState(TallyState tally, List<HeightReport> heightReports, Instant latestReport,
        SortedMap<Long, List<String>> seenTransactions) {

    public AggregationState {
        heightReports = List.copyOf(heightReports);
        seenTransactions = Collections.unmodifiableSortedMap(new TreeMap<>(seenTransactions));
    }
}
