package io.cutover.aggregator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.cutover.aggregator.network.CalendarQuery;

/** Every upcoming upgrade of the networks served (or of {@code ?chain=}), soonest first, and the hosts in conflict. */
@Path("/api/v1/calendar")
@Produces(MediaType.APPLICATION_JSON)
public class CalendarResource {

    private final CalendarQuery calendar;

    public CalendarResource(CalendarQuery calendar) {
        this.calendar = calendar;
    }

    @GET
    public Response get(@QueryParam("chain") String chain) {
        return calendar.view(chain).map(v -> Response.ok(v).build()).orElseGet(Problems::networkNotLoaded);
    }
}
