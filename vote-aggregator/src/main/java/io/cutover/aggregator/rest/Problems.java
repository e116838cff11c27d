package io.cutover.aggregator.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import io.cutover.core.network.ServedChains;
import io.cutover.core.outcome.RefusalReason;

/** RFC 9457 problem responses carrying the same reason as the gRPC ErrorInfo. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static Response unknownProposal(String proposalId) {
        return problem(Response.Status.NOT_FOUND, RefusalReason.UNKNOWN_PROPOSAL.name(), "Unknown proposal", "no proposal " + proposalId);
    }

    /** CHAIN_REQUIRED (400) or UNKNOWN_CHAIN (404). */
    static Response chainRefused(ServedChains.Refused refused) {
        return refused(refused.refusal().reason(), refused.refusal().detail());
    }

    static Response invalidStatusFilter(String text) {
        return problem(Response.Status.BAD_REQUEST, "INVALID_STATUS_FILTER", "Invalid status filter",
                "\"" + text + "\" is not one of pending, approved, rejected, cancelled");
    }

    static Response networkNotLoaded() {
        return Response.fromResponse(problem(Response.Status.SERVICE_UNAVAILABLE, "NETWORK_NOT_LOADED", "Network not loaded yet",
                "this instance has not been active yet: no network.toml applied")).header("Retry-After", "5").build();
    }

    /** A refusal of the domain: 404 for what is not known here (a chain, an upgrade), 400 for a chain required, else 409. */
    static Response refused(RefusalReason reason, String detail) {
        return switch (reason) {
            case UNKNOWN_CHAIN -> problem(Response.Status.NOT_FOUND, reason.name(), "Unknown chain", detail);
            case UNKNOWN_UPGRADE -> problem(Response.Status.NOT_FOUND, reason.name(), "Unknown upgrade", detail);
            case CHAIN_REQUIRED -> problem(Response.Status.BAD_REQUEST, reason.name(), "Chain required", detail);
            default -> problem(Response.Status.CONFLICT, reason.name(), "Refused", detail);
        };
    }

    private static Response problem(Response.Status status, String reason, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status.getStatusCode());
        body.put("detail", detail);
        body.put("reason", reason);
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }
}
