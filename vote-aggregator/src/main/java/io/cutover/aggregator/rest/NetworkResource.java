package io.cutover.aggregator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.cutover.aggregator.domain.NetworkBoard;

/** The network as the dashboard shows it: chain, height, release, validators, approved upgrades' readiness. */
@Path("/api/v1/network")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkResource {

    private final NetworkBoard network;

    public NetworkResource(NetworkBoard network) {
        this.network = network;
    }

    @GET
    public Response get() {
        return network.current().map(v -> Response.ok(v).build()).orElseGet(Problems::networkNotLoaded);
    }
}
