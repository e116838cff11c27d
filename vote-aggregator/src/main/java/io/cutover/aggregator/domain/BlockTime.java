package io.cutover.aggregator.domain;

import java.time.Duration;
import java.util.Optional;

/** The network's block time as measured so far; empty while too little is known. */
public interface BlockTime {

    Optional<Duration> perBlock();
}
