package io.cutover.ctl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import io.cutover.core.proposal.ProposalId;
import io.cutover.core.tx.Digests;
import io.cutover.proto.v1.Calendar;
import io.cutover.proto.v1.GetCalendarRequest;
import io.cutover.proto.v1.GetNetworkInfoRequest;
import io.cutover.proto.v1.GetProposalRequest;
import io.cutover.proto.v1.ListProposalsRequest;
import io.cutover.proto.v1.ListProposalsResponse;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalQueryServiceGrpc;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.SubmitTransactionRequest;
import io.cutover.proto.v1.SubmitTransactionResponse;
import io.cutover.proto.v1.Validator;
import io.cutover.proto.v1.WatchProposalsRequest;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.Transaction;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC server on loopback serving the two Cutover APIs upgradectl calls, with canned answers.
 * It exists only to test upgradectl's own output and exit codes; the services' behaviour is tested
 * in their modules and end to end after merge.
 */
public final class FakeCutoverServer implements AutoCloseable {

    public static final String CHAIN_ID = "test-chain";
    public static final long NETWORK_HEIGHT = 1000;
    public static final long MIN_LEAD = 20;
    public static final String CURRENT_RELEASE = "v1.0.0";

    /** What the next SubmitTransaction answers instead of accepting. */
    public record Refusal(com.google.rpc.Code code, String reason, String description) {
    }

    public final List<Transaction> received = new CopyOnWriteArrayList<>();
    public final Map<String, Proposal> proposals = new ConcurrentHashMap<>();
    /** What WatchProposals sends, in order; the stream then stays open. */
    public final List<Proposal> watchScript = new CopyOnWriteArrayList<>();
    /** The measured block time GetNetworkInfo answers (0 and 0: not measured). */
    public volatile long blockTimeMillis;
    public volatile int blockTimeSamples;
    /** What GetCalendar answers. */
    public volatile Calendar calendar = Calendar.getDefaultInstance();
    /** The chain_id of every request received, as "<rpc> <chain_id>" in order. */
    public final List<String> chainsNamed = new CopyOnWriteArrayList<>();
    private volatile Refusal nextRefusal;
    private volatile com.google.rpc.Status nextQueryError;
    private final Server server;

    private FakeCutoverServer(ServerCredentials credentials) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials)
                .addService(new Proposals())
                .addService(new Queries())
                .build()
                .start();
    }

    public static FakeCutoverServer start() {
        return start(InsecureServerCredentials.create());
    }

    /** The same server behind TLS (for example TLS with required client certificates). */
    public static FakeCutoverServer start(ServerCredentials credentials) {
        try {
            return new FakeCutoverServer(credentials);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    public void refuseNext(Refusal refusal) {
        nextRefusal = refusal;
    }

    /** The next query call fails with this status (no ErrorInfo unless given). */
    public void failNextQuery(com.google.rpc.Status status) {
        nextQueryError = status;
    }

    public static NetworkInfo networkInfo() {
        return NetworkInfo.newBuilder()
                .setChainId(CHAIN_ID)
                .setCurrentRelease(CURRENT_RELEASE)
                .setNetworkHeight(NETWORK_HEIGHT)
                .addValidators(Validator.newBuilder().setName("validator-1").setPubKey("ab".repeat(32)).setVotingPower(10))
                .addValidators(Validator.newBuilder().setName("validator-2").setPubKey("cd".repeat(32)).setVotingPower(10))
                .setApprovalThreshold("2/3")
                .setApprovalRule("greater")
                .setMinLeadBlocks(MIN_LEAD)
                .setReplayWindowBlocks(150)
                .setTotalVotingPower(20)
                .build();
    }

    static StatusRuntimeException error(com.google.rpc.Code code, String reason, String description) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(description);
        if (!reason.isEmpty()) {
            status.addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("cutover.io").build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    private final class Proposals extends ProposalServiceGrpc.ProposalServiceImplBase {
        @Override
        public void getNetworkInfo(GetNetworkInfoRequest request, StreamObserver<NetworkInfo> response) {
            chainsNamed.add("GetNetworkInfo " + request.getChainId());
            response.onNext(networkInfo().toBuilder().setBlockTimeMillis(blockTimeMillis).setBlockTimeSamples(blockTimeSamples).build());
            response.onCompleted();
        }

        @Override
        public void submitTransaction(SubmitTransactionRequest request, StreamObserver<SubmitTransactionResponse> response) {
            Refusal refusal = nextRefusal;
            nextRefusal = null;
            if (refusal != null) {
                response.onError(error(refusal.code(), refusal.reason(), refusal.description()));
                return;
            }
            try {
                Transaction tx = Transaction.parseFrom(request.getTx());
                received.add(tx);
                InputData input = InputData.parseFrom(tx.getInputData());
                String id;
                if (input.hasProtocolUpgradeProposal()) {
                    ProtocolUpgradeProposal p = input.getProtocolUpgradeProposal();
                    id = ProposalId.of(p.getVegaReleaseTag(), p.getUpgradeBlockHeight(), p.getArtifactsList());
                } else if (input.hasUpgradeRecovery()) {
                    id = io.cutover.core.proposal.RecoveryId.of(input.getUpgradeRecovery());
                } else {
                    id = input.getProtocolUpgradeRejection().getProposalId();
                }
                response.onNext(SubmitTransactionResponse.newBuilder()
                        .setProposalId(id)
                        .setTxHash(Digests.sha256Hex(request.getTx().toByteArray()))
                        .build());
                response.onCompleted();
            } catch (InvalidProtocolBufferException e) {
                response.onError(error(com.google.rpc.Code.INVALID_ARGUMENT, "MALFORMED_TRANSACTION", "cannot decode"));
            }
        }
    }

    private final class Queries extends ProposalQueryServiceGrpc.ProposalQueryServiceImplBase {
        @Override
        public void getProposal(GetProposalRequest request, StreamObserver<Proposal> response) {
            chainsNamed.add("GetProposal " + request.getChainId());
            if (failed(response)) {
                return;
            }
            Proposal p = proposals.get(request.getProposalId());
            if (p == null) {
                response.onError(error(com.google.rpc.Code.NOT_FOUND, "UNKNOWN_PROPOSAL", "no proposal " + request.getProposalId()));
                return;
            }
            response.onNext(p);
            response.onCompleted();
        }

        @Override
        public void listProposals(ListProposalsRequest request, StreamObserver<ListProposalsResponse> response) {
            chainsNamed.add("ListProposals " + request.getChainId());
            if (failed(response)) {
                return;
            }
            ListProposalsResponse.Builder list = ListProposalsResponse.newBuilder();
            proposals.values().stream()
                    .filter(p -> request.getStatus() == ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED || p.getStatus() == request.getStatus())
                    .sorted((a, b) -> a.getProposalId().compareTo(b.getProposalId()))
                    .forEach(list::addProposals);
            response.onNext(list.build());
            response.onCompleted();
        }

        @Override
        public void getCalendar(GetCalendarRequest request, StreamObserver<Calendar> response) {
            if (failed(response)) {
                return;
            }
            if (!request.getChainId().isEmpty() && !request.getChainId().equals(CHAIN_ID)) {
                response.onError(error(com.google.rpc.Code.NOT_FOUND, "UNKNOWN_CHAIN", "no chain " + request.getChainId()));
                return;
            }
            response.onNext(calendar);
            response.onCompleted();
        }

        @Override
        public void watchProposals(WatchProposalsRequest request, StreamObserver<Proposal> response) {
            chainsNamed.add("WatchProposals " + request.getChainId());
            watchScript.forEach(response::onNext);
        }

        private boolean failed(StreamObserver<?> response) {
            com.google.rpc.Status status = nextQueryError;
            nextQueryError = null;
            if (status != null) {
                response.onError(StatusProto.toStatusRuntimeException(status));
                return true;
            }
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
