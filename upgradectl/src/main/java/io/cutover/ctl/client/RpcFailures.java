package io.cutover.ctl.client;

import java.util.Set;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import io.cutover.core.outcome.RefusalReason;
import io.cutover.ctl.CommandFailure;
import io.cutover.ctl.ExitCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Turns a failed gRPC call into the operator's message and upgradectl's exit code, in one place. */
public final class RpcFailures {

    /** Refusals that say the thing named does not exist: exit code NOT_FOUND rather than REFUSED. */
    private static final Set<String> NOT_FOUND_REASONS = Set.of(RefusalReason.UNKNOWN_PROPOSAL.name(),
            RefusalReason.UNKNOWN_UPGRADE.name(), RefusalReason.UNKNOWN_CHAIN.name());

    private RpcFailures() {
    }

    /** A documented refusal {@code reason} (gRPC ErrorInfo or a REST problem's reason) in the operator's words. */
    public static CommandFailure refusal(String reason, String description, String service, Throwable cause) {
        String words = RefusalText.explain(reason).orElse(description.isEmpty() ? "refused" : description);
        StringBuilder message = new StringBuilder(words).append(" (reason ").append(reason).append(')');
        if (!description.isEmpty() && !description.equals(words)) {
            message.append("\n  ").append(service).append(" said: ").append(description);
        }
        ExitCode code = NOT_FOUND_REASONS.contains(reason) ? ExitCode.NOT_FOUND : ExitCode.REFUSED;
        return new CommandFailure(code, message.toString(), reason, cause);
    }

    /**
     * @param service the service's name as operators know it ("proposal-service")
     * @param endpoint where it was called
     */
    public static CommandFailure describe(StatusRuntimeException e, String service, Endpoint endpoint) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? "" : status.getDescription();
        String reason = errorInfoReason(e);
        if (!reason.isEmpty()) {
            return refusal(reason, description, service, e);
        }
        return switch (status.getCode()) {
            case UNAVAILABLE -> new CommandFailure(ExitCode.UNREACHABLE,
                    "cannot reach " + service + " at " + endpoint + causeText(e, description), "", e);
            case DEADLINE_EXCEEDED -> new CommandFailure(ExitCode.UNREACHABLE,
                    service + " at " + endpoint + " did not answer in time (raise --timeout if it is busy)", "", e);
            case UNIMPLEMENTED -> new CommandFailure(ExitCode.UNREACHABLE,
                    endpoint + " does not serve " + service + "'s API: check --endpoint / --query-endpoint", "", e);
            case NOT_FOUND -> new CommandFailure(ExitCode.NOT_FOUND,
                    description.isEmpty() ? "not found" : description, "", e);
            default -> new CommandFailure(ExitCode.ERROR,
                    service + " at " + endpoint + " failed: " + status.getCode() + (description.isEmpty() ? "" : ": " + description), "", e);
        };
    }

    /** The reason of the google.rpc.ErrorInfo detail, or empty when there is none. */
    static String errorInfoReason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return "";
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return detail.unpack(ErrorInfo.class).getReason();
                } catch (InvalidProtocolBufferException ignored) {
                    return "";
                }
            }
        }
        return "";
    }

    private static String causeText(StatusRuntimeException e, String description) {
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text = cause != null && cause.getMessage() != null ? cause.getMessage() : description;
        return text.isEmpty() ? " (is it running? check --endpoint / --query-endpoint)" : " (" + text + "; is it running?)";
    }
}
