package io.cutover.aggregator.rest;

import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.core.events.EventJson;
import io.cutover.proto.v1.ListProposalsResponse;
import io.cutover.proto.v1.ProposalStatus;

/** REST mirror of the query API; bodies are the proto3 JSON of the same messages as on Kafka. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ProposalResource {

    private final ProposalBoard board;

    public ProposalResource(ProposalBoard board) {
        this.board = board;
    }

    @GET
    @Path("/proposals")
    public Response list(@QueryParam("status") String status) {
        Optional<ProposalStatus> filter = StatusFilter.parse(status);
        if (filter.isEmpty()) {
            return Problems.invalidStatusFilter(status);
        }
        return Response.ok(EventJson.write(ListProposalsResponse.newBuilder().addAllProposals(board.proposals(filter.get())).build()))
                .build();
    }

    /** The recoveries of one upgrade ({@code ?upgrade=<proposal id or tag@height>}). */
    @GET
    @Path("/recoveries")
    public Response recoveries(@QueryParam("upgrade") String upgradeId) {
        return Response.ok(EventJson.write(ListProposalsResponse.newBuilder()
                .addAllProposals(board.recoveries(upgradeId == null ? "" : upgradeId)).build())).build();
    }

    /** A proposal, or a recovery by its id (which holds slashes). */
    @GET
    @Path("/proposals/{id: .+}")
    public Response get(@PathParam("id") String id) {
        return board.proposal(id)
                .map(p -> Response.ok(EventJson.write(p)).build())
                .orElseGet(() -> Problems.unknownProposal(id));
    }

    /** The latest rollout.status of every node. */
    @GET
    @Path("/agents")
    public String agents() {
        return board.agents().stream().map(EventJson::write).collect(Collectors.joining(",", "{\"agents\":[", "]}"));
    }
}
