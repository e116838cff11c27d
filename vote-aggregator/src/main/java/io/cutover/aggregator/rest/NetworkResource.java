package io.cutover.aggregator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import jakarta.ws.rs.QueryParam;

import io.cutover.aggregator.network.ServedNetworks;

/** The network as the dashboard shows it: chain, height, release, validators, approved upgrades' readiness ({@code ?chain=} as on every query). */
@Path("/api/v1/network")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkResource {

    private final ServedNetworks networks;

    public NetworkResource(ServedNetworks networks) {
        this.networks = networks;
    }

    @GET
    public Response get(@QueryParam("chain") String chain) {
        return networks.resolve(chain).view().current().map(v -> Response.ok(v).build()).orElseGet(Problems::networkNotLoaded);
    }
}
