package io.cutover.aggregator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.cutover.aggregator.domain.calendar.CalendarBoard;

/** Every upcoming upgrade of the networks served (or of {@code ?chain=}), soonest first, and the hosts in conflict. */
@Path("/api/v1/calendar")
@Produces(MediaType.APPLICATION_JSON)
public class CalendarResource {

    private final CalendarBoard calendar;

    public CalendarResource(CalendarBoard calendar) {
        this.calendar = calendar;
    }

    @GET
    public Response get(@QueryParam("chain") String chain) {
        if (calendar.chains().isEmpty()) {
            return Problems.networkNotLoaded();
        }
        return calendar.view(chain).map(v -> Response.ok(v).build()).orElseGet(() -> Problems.unknownChain(chain));
    }
}
