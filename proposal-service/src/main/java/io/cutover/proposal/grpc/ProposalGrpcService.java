package io.cutover.proposal.grpc;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ServedChains;
import io.cutover.core.validation.NetworkView;
import io.cutover.core.validation.Verdict;
import io.cutover.proposal.config.ServedNetworks;
import io.cutover.proposal.domain.ServedNetwork;
import io.cutover.proposal.domain.SubmissionService;
import io.cutover.proto.v1.GetNetworkInfoRequest;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.v1.ProposalService;
import io.cutover.proto.v1.SubmitTransactionRequest;
import io.cutover.proto.v1.SubmitTransactionResponse;
import io.cutover.proto.v1.SubmitTransactionResult;
import io.cutover.proto.v1.Validator;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** cutover.v1.ProposalService over gRPC. */
@GrpcService
@RegisterInterceptor(StreamWindow.class)
public class ProposalGrpcService implements ProposalService {

    /**
     * Transactions of one SubmitTransactions stream judged or waiting for Kafka at once: enough to keep both cores
     * verifying and the producer's batches full, few enough that one stream cannot hold the whole service.
     */
    static final int STREAM_IN_FLIGHT = 256;

    private final SubmissionService submissions;
    private final ServedNetworks networks;
    private final Executor verifiers;

    public ProposalGrpcService(SubmissionService submissions, ServedNetworks networks, VerificationThreads verifiers) {
        this.networks = networks;
        this.submissions = submissions;
        this.verifiers = verifiers.executor();
    }

    @Override
    public Uni<SubmitTransactionResponse> submitTransaction(SubmitTransactionRequest request) {
        return Uni.createFrom().completionStage(() -> submissions.submit(request.getTx().toByteArray()))
                .runSubscriptionOn(verifiers)
                .map(verdict -> {
                    if (verdict instanceof Verdict.Accepted accepted) {
                        return SubmitTransactionResponse.newBuilder().setTxHash(accepted.tx().txHash())
                                .setProposalId(accepted.proposalId()).build();
                    }
                    throw GrpcRefusals.exception(((Verdict.Refused) verdict).refusal());
                });
    }

    /**
     * Each transaction goes through the same {@link SubmissionService#submit} as the unary call, on one of the
     * {@link VerificationThreads} (the signature checks spread over the cores), and is answered as soon as it is decided.
     */
    @Override
    public Multi<SubmitTransactionResult> submitTransactions(Multi<SubmitTransactionRequest> requests) {
        AtomicLong sequence = new AtomicLong();
        return requests
                .map(request -> new Numbered(sequence.getAndIncrement(), request.getTx().toByteArray()))
                .onItem().transformToUni(numbered -> Uni.createFrom().completionStage(() -> submissions.submit(numbered.tx()))
                        .runSubscriptionOn(verifiers)
                        .map(verdict -> result(numbered.sequence(), verdict)))
                .merge(STREAM_IN_FLIGHT);
    }

    private record Numbered(long sequence, byte[] tx) {
    }

    static SubmitTransactionResult result(long sequence, Verdict verdict) {
        SubmitTransactionResult.Builder result = SubmitTransactionResult.newBuilder().setSequence(sequence);
        if (verdict instanceof Verdict.Accepted accepted) {
            return result.setTxHash(accepted.tx().txHash()).setProposalId(accepted.proposalId()).build();
        }
        Verdict.Refused refused = (Verdict.Refused) verdict;
        return result.setReason(refused.refusal().reason().name()).setMessage(refused.refusal().detail()).build();
    }

    @Override
    public Uni<NetworkInfo> getNetworkInfo(GetNetworkInfoRequest request) {
        ServedNetwork served;
        try {
            served = networks.resolve(request.getChainId());
        } catch (ServedChains.Refused e) {
            return Uni.createFrom().failure(GrpcRefusals.exception(e.refusal()));
        }
        return Uni.createFrom().item(() -> {
            NetworkView view = submissions.view(served);
            return networkInfo(served, view, submissions.blockHash(served, view).orElse(""));
        });
    }

    static NetworkInfo networkInfo(ServedNetwork served, NetworkView view, String blockHash) {
        NetworkConfig network = view.network();
        NetworkInfo.Builder info = NetworkInfo.newBuilder()
                .setChainId(network.chainId())
                .setCurrentRelease(view.currentRelease().text())
                .setNetworkHeight(view.networkHeight().orElse(0))
                .setApprovalThreshold(network.threshold().fraction().toString())
                .setApprovalRule(network.threshold().rule().configName())
                .setMinLeadBlocks(network.minLeadBlocks())
                .setReplayWindowBlocks(network.replayWindowBlocks())
                .setTotalVotingPower(network.totalVotingPower())
                .setSpamPowDifficulty(network.spamPow().difficulty())
                .setSpamPowNumberOfPastBlocks(network.spamPow().numberOfPastBlocks())
                .setSpamPowHashFunction(network.spamPow().hashFunction())
                .setBlockHash(blockHash);
        served.blockTime().ifPresent(t -> info.setBlockTimeMillis(t.perBlock().toMillis())
                .setBlockTimeSamples((int) Math.min(Integer.MAX_VALUE, t.blocks())).setBlockTimeSpreadMillis(t.spread().toMillis()));
        network.validators().forEach(v -> info.addValidators(
                Validator.newBuilder().setName(v.name()).setPubKey(v.pubKey()).setVotingPower(v.votingPower())));
        return info.build();
    }
}
