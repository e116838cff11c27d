package io.cutover.proposal.rest;

import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.core.outcome.Refusal;
import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.validation.Verdict;
import io.cutover.proposal.domain.SubmissionService;
import io.smallrye.common.annotation.Blocking;

/** REST mirror of SubmitTransaction. */
@Path("/api/v1/transactions")
public class TransactionResource {

    /** The request body: the marshalled vega.commands.v1.Transaction in standard base64. */
    public record SubmitTransactionBody(@Schema(description = "base64 of the signed Transaction bytes") String tx) {
    }

    /** The answer once Kafka acknowledged the transaction. */
    public record SubmitTransactionResult(String txHash, String proposalId) {
    }

    private final SubmissionService submissions;
    private final ObjectMapper json;

    public TransactionResource(SubmissionService submissions, ObjectMapper json) {
        this.submissions = submissions;
        this.json = json;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Operation(summary = "Submit a signed transaction; answered once Kafka acknowledged it")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SubmitTransactionBody.class)))
    @APIResponse(responseCode = "202", description = "accepted and durable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubmitTransactionResult.class)))
    @APIResponse(responseCode = "400", description = "refused; the problem's reason says why (see the README's table for every status)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(implementation = Problems.Problem.class)))
    public CompletionStage<Response> submit(String body) {
        byte[] raw;
        try {
            raw = decodeBody(body);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Problems.response(new Refusal(RefusalReason.MALFORMED_TRANSACTION, e.getMessage())));
        }
        return submissions.submit(raw).thenApply(verdict -> {
            if (verdict instanceof Verdict.Accepted accepted) {
                return Response.accepted(new SubmitTransactionResult(accepted.tx().txHash(), accepted.proposalId()))
                        .type(MediaType.APPLICATION_JSON).build();
            }
            return Problems.response(((Verdict.Refused) verdict).refusal());
        });
    }

    private byte[] decodeBody(String body) {
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (Exception e) {
            throw new IllegalArgumentException("the body must be JSON {\"tx\": \"<base64>\"}");
        }
        if (node == null || !node.path("tx").isTextual()) {
            throw new IllegalArgumentException("the body must be JSON {\"tx\": \"<base64>\"}");
        }
        try {
            return Base64.getDecoder().decode(node.get("tx").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tx is not standard base64");
        }
    }
}
