package io.cutover.aggregator.network;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.aggregator.domain.calendar.CalendarBoard;
import io.cutover.aggregator.domain.calendar.CalendarView;
import io.cutover.core.network.ServedChains;

/** The calendar of every network served (no chain named) or of the one named (the gRPC and REST APIs share it). */
@ApplicationScoped
public class CalendarQuery {

    private final ServedNetworks networks;
    private final CalendarBoard calendar;

    public CalendarQuery(ServedNetworks networks, CalendarBoard calendar) {
        this.networks = networks;
        this.calendar = calendar;
    }

    /**
     * Empty until a network named (or, naming none, any network) is loaded here.
     *
     * @throws ServedChains.Refused UNKNOWN_CHAIN for a chain not served
     */
    public Optional<CalendarView> view(String chain) {
        if (chain == null || chain.isBlank()) {
            return calendar.chains().isEmpty() ? Optional.empty() : calendar.view("");
        }
        return calendar.view(networks.resolve(chain).chainId());
    }
}
