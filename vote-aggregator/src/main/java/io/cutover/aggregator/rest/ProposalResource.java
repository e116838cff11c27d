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
import io.cutover.aggregator.network.ServedNetworks;
import io.cutover.core.events.EventJson;
import io.cutover.proto.v1.ListProposalsResponse;
import io.cutover.proto.v1.ProposalStatus;

/**
 * REST mirror of the query API; bodies are the proto3 JSON of the same messages as on Kafka. {@code ?chain=} names the
 * network, needed only when more than one is served (else CHAIN_REQUIRED; a chain not served: UNKNOWN_CHAIN).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ProposalResource {

    private final ServedNetworks networks;

    public ProposalResource(ServedNetworks networks) {
        this.networks = networks;
    }

    @GET
    @Path("/proposals")
    public Response list(@QueryParam("chain") String chain, @QueryParam("status") String status) {
        ProposalBoard board = networks.resolve(chain).board();
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
    public Response recoveries(@QueryParam("chain") String chain, @QueryParam("upgrade") String upgradeId) {
        ProposalBoard board = networks.resolve(chain).board();
        return Response.ok(EventJson.write(ListProposalsResponse.newBuilder()
                .addAllProposals(board.recoveries(upgradeId == null ? "" : upgradeId)).build())).build();
    }

    /** A proposal, or a recovery by its id (which holds slashes). */
    @GET
    @Path("/proposals/{id: .+}")
    public Response get(@QueryParam("chain") String chain, @PathParam("id") String id) {
        ProposalBoard board = networks.resolve(chain).board();
        return board.proposal(id)
                .map(p -> Response.ok(EventJson.write(p)).build())
                .orElseGet(() -> Problems.unknownProposal(id));
    }

    /** The latest rollout.status of every node. */
    @GET
    @Path("/agents")
    public String agents(@QueryParam("chain") String chain) {
        return networks.resolve(chain).board().agents().stream().map(EventJson::write).collect(Collectors.joining(",", "{\"agents\":[", "]}"));
    }
}
