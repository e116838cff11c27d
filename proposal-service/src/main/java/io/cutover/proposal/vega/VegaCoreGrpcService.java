package io.cutover.proposal.vega;

import java.util.concurrent.Executor;

import io.cutover.proposal.grpc.VerificationThreads;
import io.cutover.proto.vega.api.CheckRawTransactionRequest;
import io.cutover.proto.vega.api.CheckRawTransactionResponse;
import io.cutover.proto.vega.api.CheckTransactionRequest;
import io.cutover.proto.vega.api.CheckTransactionResponse;
import io.cutover.proto.vega.api.CoreService;
import io.cutover.proto.vega.api.GetSpamStatisticsRequest;
import io.cutover.proto.vega.api.GetSpamStatisticsResponse;
import io.cutover.proto.vega.api.GetVegaTimeRequest;
import io.cutover.proto.vega.api.GetVegaTimeResponse;
import io.cutover.proto.vega.api.LastBlockHeightRequest;
import io.cutover.proto.vega.api.LastBlockHeightResponse;
import io.cutover.proto.vega.api.PropagateChainEventRequest;
import io.cutover.proto.vega.api.PropagateChainEventResponse;
import io.cutover.proto.vega.api.StatisticsRequest;
import io.cutover.proto.vega.api.StatisticsResponse;
import io.cutover.proto.vega.api.SubmitRawTransactionRequest;
import io.cutover.proto.vega.api.SubmitRawTransactionResponse;
import io.cutover.proto.vega.api.SubmitTransactionRequest;
import io.cutover.proto.vega.api.SubmitTransactionResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** vega.api.v1.CoreService over gRPC, on proposal-service's port. */
@GrpcService
public class VegaCoreGrpcService implements CoreService {

    private final VegaNode node;
    private final Executor verifiers;

    public VegaCoreGrpcService(VegaNode node, VerificationThreads verifiers) {
        this.node = node;
        this.verifiers = verifiers.executor();
    }

    @Override
    public Uni<SubmitTransactionResponse> submitTransaction(SubmitTransactionRequest request) {
        if (!request.hasTx()) {
            return Uni.createFrom().failure(VegaNode.missingTx());
        }
        return Uni.createFrom().completionStage(() -> node.submit(request.getTx().toByteArray())).runSubscriptionOn(verifiers);
    }

    @Override
    public Uni<SubmitRawTransactionResponse> submitRawTransaction(SubmitRawTransactionRequest request) {
        if (request.getType() == SubmitRawTransactionRequest.Type.TYPE_UNSPECIFIED
                || request.getType() == SubmitRawTransactionRequest.Type.UNRECOGNIZED) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("invalid type " + request.getTypeValue()
                    + ": TYPE_ASYNC, TYPE_SYNC or TYPE_COMMIT").asRuntimeException());
        }
        return Uni.createFrom().completionStage(() -> node.submit(request.getTx().toByteArray())).runSubscriptionOn(verifiers)
                .map(VegaNode::raw);
    }

    @Override
    public Uni<CheckTransactionResponse> checkTransaction(CheckTransactionRequest request) {
        if (!request.hasTx()) {
            return Uni.createFrom().failure(VegaNode.missingTx());
        }
        return Uni.createFrom().item(() -> node.check(request.getTx().toByteArray())).runSubscriptionOn(verifiers);
    }

    @Override
    public Uni<CheckRawTransactionResponse> checkRawTransaction(CheckRawTransactionRequest request) {
        return Uni.createFrom().item(() -> {
            CheckTransactionResponse checked = node.check(request.getTx().toByteArray());
            return CheckRawTransactionResponse.newBuilder().setSuccess(checked.getSuccess()).setCode(checked.getCode())
                    .setData(checked.getData()).setLog(checked.getLog()).build();
        }).runSubscriptionOn(verifiers);
    }

    @Override
    public Uni<LastBlockHeightResponse> lastBlockHeight(LastBlockHeightRequest request) {
        return Uni.createFrom().item(node::lastBlockHeight);
    }

    @Override
    public Uni<StatisticsResponse> statistics(StatisticsRequest request) {
        return Uni.createFrom().item(node::statistics);
    }

    @Override
    public Uni<GetVegaTimeResponse> getVegaTime(GetVegaTimeRequest request) {
        return Uni.createFrom().item(node::time);
    }

    @Override
    public Uni<GetSpamStatisticsResponse> getSpamStatistics(GetSpamStatisticsRequest request) {
        return Uni.createFrom().item(() -> node.spamStatistics(request.getPartyId()));
    }

    @Override
    public Uni<PropagateChainEventResponse> propagateChainEvent(PropagateChainEventRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED
                .withDescription("Cutover takes no chain events; it serves transactions, heights and statistics").asRuntimeException());
    }
}
