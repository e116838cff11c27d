package io.cutover.aggregator.config;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.ProposalBoard;

/** Makes the plain domain classes injectable. */
public class BoardProducer {

    @Produces
    @Singleton
    ProposalBoard board() {
        return new ProposalBoard();
    }

    @Produces
    @Singleton
    NetworkBoard network() {
        return new NetworkBoard();
    }
}
