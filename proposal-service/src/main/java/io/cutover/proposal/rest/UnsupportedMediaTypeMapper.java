package io.cutover.proposal.rest;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.cutover.core.outcome.Refusal;
import io.cutover.core.outcome.RefusalReason;

/** A body posted with another Content-Type than application/json: 415, still a problem with a reason, like every refusal. */
public class UnsupportedMediaTypeMapper {

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return Problems.response(new Refusal(RefusalReason.MALFORMED_TRANSACTION,
                "the body must be application/json {\"tx\": \"<base64>\"}"), Response.Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode());
    }
}
