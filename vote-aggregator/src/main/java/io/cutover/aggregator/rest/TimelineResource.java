package io.cutover.aggregator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.cutover.aggregator.domain.Timelines;
import io.cutover.aggregator.network.TimelineQueries;
import io.cutover.core.events.EventJson;

/** REST mirror of GetTimelines: the proto3 JSON of cutover.v1.UpgradeTimelines. */
@Path("/api/v1/timelines")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {

    private final TimelineQueries timelines;

    public TimelineResource(TimelineQueries timelines) {
        this.timelines = timelines;
    }

    /** {@code ?upgrade=<proposal id or tag@height>[&chain=<chain id>]}. */
    @GET
    public Response get(@QueryParam("upgrade") String upgradeId, @QueryParam("chain") String chainId) {
        Timelines.Answer answer = timelines.answer(chainId, upgradeId == null ? "" : upgradeId).orElse(null);
        if (answer instanceof Timelines.Found found) {
            return Response.ok(EventJson.write(found.timelines())).build();
        }
        return answer instanceof Timelines.Refused refused ? Problems.refused(refused.reason(), refused.message()) : Problems.networkNotLoaded();
    }
}
