package io.cutover.aggregator.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;

import io.cutover.core.network.ServedChains;
import io.cutover.core.outcome.RefusalReason;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** gRPC errors of the query API: a status code plus a google.rpc.ErrorInfo carrying the documented reason. */
final class QueryErrors {

    static final String DOMAIN = "cutover.io";

    private QueryErrors() {
    }

    static StatusRuntimeException unknownProposal(String proposalId) {
        return error(Code.NOT_FOUND, RefusalReason.UNKNOWN_PROPOSAL.name(), "no proposal " + proposalId);
    }

    /** CHAIN_REQUIRED (INVALID_ARGUMENT) or UNKNOWN_CHAIN (NOT_FOUND). */
    static StatusRuntimeException chainRefused(ServedChains.Refused refused) {
        return refused(refused.refusal().reason(), refused.refusal().detail());
    }

    static StatusRuntimeException networkNotLoaded() {
        return error(Code.UNAVAILABLE, "NETWORK_NOT_LOADED", "this instance has not been active yet: no network.toml applied");
    }

    static StatusRuntimeException invalidStatusFilter(String detail) {
        return error(Code.INVALID_ARGUMENT, "INVALID_STATUS_FILTER", detail);
    }

    /** A refusal of the domain: NOT_FOUND for what is not known here (a chain, an upgrade), else FAILED_PRECONDITION. */
    static StatusRuntimeException refused(RefusalReason reason, String message) {
        Code code = switch (reason) {
            case UNKNOWN_CHAIN, UNKNOWN_UPGRADE, UNKNOWN_PROPOSAL -> Code.NOT_FOUND;
            case CHAIN_REQUIRED -> Code.INVALID_ARGUMENT;
            default -> Code.FAILED_PRECONDITION;
        };
        return error(code, reason.name(), message);
    }

    private static StatusRuntimeException error(Code code, String reason, String message) {
        return StatusProto.toStatusRuntimeException(Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()))
                .build());
    }
}
