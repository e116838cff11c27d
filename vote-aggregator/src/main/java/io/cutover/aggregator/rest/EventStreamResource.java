package io.cutover.aggregator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.aggregator.network.ServedNetwork;
import io.cutover.aggregator.network.ServedNetworks;
import io.cutover.core.events.EventJson;
import io.smallrye.mutiny.Multi;

/**
 * Server-sent events for live views: first the current network, proposals and agents, then every
 * committed change. Event names: {@code network} (the JSON of {@code GET /api/v1/network}),
 * {@code proposal} and {@code agent} (the proto3 JSON of Proposal and RolloutStatus). {@code ?chain=} names the network.
 */
@Path("/api/v1/events")
public class EventStreamResource {

    private final ServedNetworks networks;
    private final ObjectMapper json;

    public EventStreamResource(ServedNetworks networks, ObjectMapper json) {
        this.networks = networks;
        this.json = json;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@Context Sse sse, @QueryParam("chain") String chain) {
        ServedNetwork served = networks.resolve(chain);
        ProposalBoard board = served.board();
        NetworkBoard network = served.view();
        return Multi.createFrom().emitter(emitter -> {
            ProposalBoard.Watch views = network.watch(v -> emitter.emit(sse.newEventBuilder().name("network")
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(write(v)).build()));
            ProposalBoard.Watch proposals = board.watchProposals(io.cutover.proto.v1.ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED,
                    p -> emitter.emit(sse.newEventBuilder().name("proposal").id(p.getProposalId())
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(EventJson.write(p)).build()));
            ProposalBoard.Watch agents = board.watchAgents(a -> emitter.emit(sse.newEventBuilder().name("agent").id(a.getNode())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(EventJson.write(a)).build()));
            emitter.onTermination(() -> {
                views.close();
                proposals.close();
                agents.close();
            });
        });
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
