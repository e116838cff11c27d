package io.cutover.proposal.rest;

import jakarta.ws.rs.core.Response;

import io.cutover.core.outcome.Refusal;
import io.cutover.core.outcome.RefusalReason;

/** The one table from refusal reasons to HTTP statuses, and the application/problem+json body (RFC 9457) with the reason. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** RFC 9457 problem details, with Cutover's stable {@code reason}. */
    public record Problem(String type, String title, int status, String detail, String reason) {
    }

    private Problems() {
    }

    public static int httpStatus(RefusalReason reason) {
        return switch (reason) {
            case MALFORMED_TRANSACTION, UNSUPPORTED_TX_VERSION, UNSUPPORTED_SIGNATURE_ALGORITHM, UNKNOWN_COMMAND, INVALID_RELEASE_TAG,
                    INVALID_ARTIFACT, UNKNOWN_PROPOSAL, PROOF_OF_WORK_INVALID -> 400;
            case SIGNATURE_INVALID -> 401;
            case UNKNOWN_VALIDATOR, NOT_CONSENSUS_VALIDATOR -> 403;
            case DUPLICATE_TRANSACTION, NONCE_REUSED, PROOF_OF_WORK_TID_REUSED -> 409;
            case TOO_LARGE -> 413;
            case UNKNOWN_UPGRADE, UNKNOWN_CHAIN -> 404;
            case CHAIN_REQUIRED -> 400;
            case HEIGHT_TOO_SOON, DOWNGRADE, STALE_BLOCK_HEIGHT, PROOF_OF_WORK_BLOCK_UNKNOWN, UPGRADE_NOT_REACHED, NETWORK_NOT_HALTED,
                    HOT_FIX_NOT_NEWER -> 422;
            case RATE_LIMITED -> 429;
            case BUS_UNAVAILABLE, NETWORK_HEIGHT_UNKNOWN -> 503;
        };
    }

    public static Response response(Refusal refusal) {
        return response(refusal, httpStatus(refusal.reason()));
    }

    /** A problem with an HTTP status that is not the reason's own (415 for a body that is not JSON at all). */
    public static Response response(Refusal refusal, int status) {
        Problem problem = new Problem("https://cutover.io/problems/" + refusal.reason().name().toLowerCase().replace('_', '-'),
                refusal.reason().name(), status, refusal.detail(), refusal.reason().name());
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(problem);
        if (status == 503 || status == 429) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }
}
