package io.cutover.proposal.grpc;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;

import io.cutover.core.outcome.Refusal;
import io.cutover.core.outcome.RefusalReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** The one place a refusal becomes a gRPC status: the code per reason, and a google.rpc.ErrorInfo with the reason. */
public final class GrpcRefusals {

    public static final String DOMAIN = "cutover.io";

    private GrpcRefusals() {
    }

    public static Status.Code code(RefusalReason reason) {
        return switch (reason) {
            case MALFORMED_TRANSACTION, TOO_LARGE, UNSUPPORTED_TX_VERSION, UNSUPPORTED_SIGNATURE_ALGORITHM, UNKNOWN_COMMAND,
                    INVALID_RELEASE_TAG, INVALID_ARTIFACT, UNKNOWN_PROPOSAL, PROOF_OF_WORK_INVALID -> Status.Code.INVALID_ARGUMENT;
            case SIGNATURE_INVALID -> Status.Code.UNAUTHENTICATED;
            case UNKNOWN_VALIDATOR, NOT_CONSENSUS_VALIDATOR -> Status.Code.PERMISSION_DENIED;
            case UNKNOWN_UPGRADE, UNKNOWN_CHAIN -> Status.Code.NOT_FOUND;
            case CHAIN_REQUIRED -> Status.Code.INVALID_ARGUMENT;
            case HEIGHT_TOO_SOON, DOWNGRADE, STALE_BLOCK_HEIGHT, PROOF_OF_WORK_BLOCK_UNKNOWN, UPGRADE_NOT_REACHED, NETWORK_NOT_HALTED,
                    HOT_FIX_NOT_NEWER -> Status.Code.FAILED_PRECONDITION;
            case DUPLICATE_TRANSACTION, NONCE_REUSED, PROOF_OF_WORK_TID_REUSED -> Status.Code.ALREADY_EXISTS;
            case RATE_LIMITED -> Status.Code.RESOURCE_EXHAUSTED;
            case BUS_UNAVAILABLE, NETWORK_HEIGHT_UNKNOWN -> Status.Code.UNAVAILABLE;
        };
    }

    public static StatusRuntimeException exception(Refusal refusal) {
        ErrorInfo info = ErrorInfo.newBuilder().setReason(refusal.reason().name()).setDomain(DOMAIN).build();
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code(refusal.reason()).value())
                .setMessage(refusal.reason().name() + ": " + refusal.detail())
                .addDetails(Any.pack(info))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
