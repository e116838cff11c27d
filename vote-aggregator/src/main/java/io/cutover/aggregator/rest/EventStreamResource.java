package io.cutover.aggregator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.core.events.EventJson;
import io.smallrye.mutiny.Multi;

/**
 * Server-sent events for live views: first the current proposals and agents, then every
 * committed change. Event names: {@code proposal} and {@code agent}; data is the proto3 JSON.
 */
@Path("/api/v1/events")
public class EventStreamResource {

    private final ProposalBoard board;

    public EventStreamResource(ProposalBoard board) {
        this.board = board;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        return Multi.createFrom().emitter(emitter -> {
            ProposalBoard.Watch proposals = board.watchProposals(io.cutover.proto.v1.ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED,
                    p -> emitter.emit(sse.newEventBuilder().name("proposal").id(p.getProposalId())
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(EventJson.write(p)).build()));
            ProposalBoard.Watch agents = board.watchAgents(a -> emitter.emit(sse.newEventBuilder().name("agent").id(a.getNode())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(EventJson.write(a)).build()));
            emitter.onTermination(() -> {
                proposals.close();
                agents.close();
            });
        });
    }
}
