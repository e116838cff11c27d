package io.cutover.aggregator.rest;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.cutover.aggregator.network.ServedNetworks;

/** The chain ids this deployment serves, in the order of its network files: {@code {"chains":["a","b"]}}. */
@Path("/api/v1/networks")
@Produces(MediaType.APPLICATION_JSON)
public class NetworksResource {

    private final ServedNetworks networks;

    public NetworksResource(ServedNetworks networks) {
        this.networks = networks;
    }

    @GET
    public Map<String, Object> get() {
        return Map.of("chains", networks.chainIds());
    }
}
