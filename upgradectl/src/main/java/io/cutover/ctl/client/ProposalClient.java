package io.cutover.ctl.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.cutover.proto.v1.GetNetworkInfoRequest;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.proto.v1.SubmitTransactionRequest;
import io.cutover.proto.v1.SubmitTransactionResponse;
import io.cutover.proto.vega.Transaction;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/** proposal-service's gRPC API; every failure comes out as a {@link io.cutover.ctl.CommandFailure}. */
public final class ProposalClient implements AutoCloseable {

    public static final String SERVICE = "proposal-service";

    private final Endpoint endpoint;
    private final Duration timeout;
    private final ManagedChannel channel;

    public ProposalClient(Endpoint endpoint, Duration timeout) {
        this(endpoint, timeout, TransportSecurity.PLAINTEXT);
    }

    public ProposalClient(Endpoint endpoint, Duration timeout, TransportSecurity security) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.channel = Channels.open(endpoint, security);
    }

    public NetworkInfo networkInfo() {
        try {
            return stub().getNetworkInfo(GetNetworkInfoRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw RpcFailures.describe(e, SERVICE, endpoint);
        }
    }

    public SubmitTransactionResponse submit(Transaction tx) {
        try {
            return stub().submitTransaction(SubmitTransactionRequest.newBuilder().setTx(tx.toByteString()).build());
        } catch (StatusRuntimeException e) {
            throw RpcFailures.describe(e, SERVICE, endpoint);
        }
    }

    private ProposalServiceGrpc.ProposalServiceBlockingStub stub() {
        return ProposalServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        Channels.close(channel);
    }
}
