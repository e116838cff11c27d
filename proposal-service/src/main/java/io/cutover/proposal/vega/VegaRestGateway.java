package io.cutover.proposal.vega;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import io.cutover.proto.vega.api.CheckRawTransactionRequest;
import io.cutover.proto.vega.api.CheckRawTransactionResponse;
import io.cutover.proto.vega.api.CheckTransactionRequest;
import io.cutover.proto.vega.api.CheckTransactionResponse;
import io.cutover.proto.vega.api.SubmitRawTransactionRequest;
import io.cutover.proto.vega.api.SubmitTransactionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.common.annotation.Blocking;

/**
 * The REST paths of a Vega node's gateway for {@code vega.api.v1.CoreService}, with its JSON conventions
 * (proto3 JSON: lowerCamelCase, zero values included, 64-bit integers as strings, enums by name or
 * number, bytes in base64; unknown fields ignored; any Content-Type read as JSON). Errors are the
 * gateway's {@code {"code", "message", "details"}} with the HTTP status of the gRPC code.
 */
@Path("/")
@Tag(name = "Vega node API", description = "vega.api.v1.CoreService's REST gateway paths")
public class VegaRestGateway {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private final VegaNode node;

    public VegaRestGateway(VegaNode node) {
        this.node = node;
    }

    @POST
    @Path("transaction")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "SubmitTransaction: body {\"tx\": Transaction, \"type\": \"TYPE_SYNC\"}")
    public CompletionStage<Response> submitTransaction(String body) {
        return async(() -> {
            SubmitTransactionRequest request = parse(body, SubmitTransactionRequest.newBuilder()).build();
            if (!request.hasTx()) {
                throw VegaNode.missingTx();
            }
            return node.submit(request.getTx().toByteArray());
        });
    }

    @POST
    @Path("transaction/raw")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "SubmitRawTransaction: body {\"tx\": base64 of the Transaction bytes, \"type\": \"TYPE_SYNC\"}")
    public CompletionStage<Response> submitRawTransaction(String body) {
        return async(() -> {
            SubmitRawTransactionRequest request = parse(body, SubmitRawTransactionRequest.newBuilder()).build();
            if (request.getType() == SubmitRawTransactionRequest.Type.TYPE_UNSPECIFIED
                    || request.getType() == SubmitRawTransactionRequest.Type.UNRECOGNIZED) {
                throw Status.INVALID_ARGUMENT.withDescription("invalid type: TYPE_ASYNC, TYPE_SYNC or TYPE_COMMIT").asRuntimeException();
            }
            return node.submit(request.getTx().toByteArray()).thenApply(VegaNode::raw);
        });
    }

    @POST
    @Path("transaction/check")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "CheckTransaction: every check of a submission, nothing written")
    public Response checkTransaction(String body) {
        return answer(() -> {
            CheckTransactionRequest request = parse(body, CheckTransactionRequest.newBuilder()).build();
            if (!request.hasTx()) {
                throw VegaNode.missingTx();
            }
            return node.check(request.getTx().toByteArray());
        });
    }

    @POST
    @Path("transaction/raw/check")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "CheckRawTransaction: every check of a submission, nothing written")
    public Response checkRawTransaction(String body) {
        return answer(() -> {
            CheckRawTransactionRequest request = parse(body, CheckRawTransactionRequest.newBuilder()).build();
            CheckTransactionResponse checked = node.check(request.getTx().toByteArray());
            return CheckRawTransactionResponse.newBuilder().setSuccess(checked.getSuccess()).setCode(checked.getCode())
                    .setData(checked.getData()).setLog(checked.getLog()).build();
        });
    }

    @GET
    @Path("blockchain/height")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "LastBlockHeight: height, block hash, chain id and proof-of-work parameters")
    public Response lastBlockHeight() {
        return answer(node::lastBlockHeight);
    }

    @GET
    @Path("statistics")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Statistics: block height and hash, chain id, current release, times")
    public Response statistics() {
        return answer(node::statistics);
    }

    @GET
    @Path("statistics/spam/{partyId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "GetSpamStatistics of a party")
    public Response spamStatistics(@PathParam("partyId") String partyId) {
        return answer(() -> node.spamStatistics(partyId));
    }

    @GET
    @Path("time")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "GetVegaTime: this service's clock in Unix nanoseconds")
    public Response time() {
        return answer(node::time);
    }

    private static <B extends Message.Builder> B parse(String body, B builder) {
        if (body == null || body.isBlank()) {
            throw Status.INVALID_ARGUMENT.withDescription("MALFORMED_TRANSACTION: the body is empty; send JSON").asRuntimeException();
        }
        try {
            PARSER.merge(body, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw Status.INVALID_ARGUMENT.withDescription("MALFORMED_TRANSACTION: the body is not the request's JSON: " + e.getMessage())
                    .asRuntimeException();
        }
    }

    private static CompletionStage<Response> async(Supplier<CompletionStage<? extends Message>> call) {
        CompletionStage<? extends Message> answer;
        try {
            answer = call.get();
        } catch (StatusRuntimeException e) {
            return CompletableFuture.completedFuture(error(e));
        }
        return answer.handle((message, failure) -> {
            if (failure == null) {
                return json(message);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof StatusRuntimeException status) {
                return error(status);
            }
            return error(Status.INTERNAL.withDescription(cause.toString()).asRuntimeException());
        });
    }

    private static Response answer(Supplier<? extends Message> call) {
        try {
            return json(call.get());
        } catch (StatusRuntimeException e) {
            return error(e);
        }
    }

    private static Response json(Message message) {
        try {
            return Response.ok(PRINTER.print(message), MediaType.APPLICATION_JSON).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a response message prints as JSON", e);
        }
    }

    /** The gateway's error body; the HTTP status grpc-gateway gives the gRPC code. */
    static Response error(StatusRuntimeException e) {
        Status status = e.getStatus();
        String message = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        String body = "{\"code\":" + status.getCode().value() + ",\"message\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\",\"details\":[]}";
        Response.ResponseBuilder response = Response.status(httpStatus(status.getCode())).type(MediaType.APPLICATION_JSON).entity(body);
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }

    static int httpStatus(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            default -> 500;
        };
    }
}
