package io.cutover.ctl.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import io.cutover.proto.v1.GetNetworkInfoRequest;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.proto.v1.SubmitTransactionRequest;
import io.cutover.proto.v1.SubmitTransactionResponse;
import io.cutover.proto.vega.Transaction;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * proposal-service's gRPC API, on one instance or several: a call that cannot reach an instance
 * (UNAVAILABLE: refused, reset, gone mid-call) is made again on the next one. A transaction sent
 * twice that way is counted once (vote-aggregator deduplicates by its hash). Every failure comes out
 * as a {@link io.cutover.ctl.CommandFailure}.
 */
public final class ProposalClient implements AutoCloseable {

    public static final String SERVICE = "proposal-service";

    private final List<Endpoint> endpoints;
    private final Duration timeout;
    private final TransportSecurity security;
    private final Consumer<String> notes;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private int current;

    public ProposalClient(Endpoint endpoint, Duration timeout) {
        this(List.of(endpoint), timeout, TransportSecurity.PLAINTEXT, note -> { });
    }

    /** {@code notes} hears each fail-over (an instance skipped), for the operator. */
    public ProposalClient(List<Endpoint> endpoints, Duration timeout, TransportSecurity security, Consumer<String> notes) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no proposal-service endpoint");
        }
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        this.security = security;
        this.notes = notes;
    }

    /** What a transaction of {@code chain} is built from (blank: the only network the service serves). */
    public NetworkInfo networkInfo(String chain) {
        return call(stub -> stub.getNetworkInfo(GetNetworkInfoRequest.newBuilder().setChainId(chain).build()));
    }

    public SubmitTransactionResponse submit(Transaction tx) {
        return call(stub -> stub.submitTransaction(SubmitTransactionRequest.newBuilder().setTx(tx.toByteString()).build()));
    }

    /** The instance that answered last (or will be tried first). */
    public Endpoint endpoint() {
        return endpoints.get(current);
    }

    private <T> T call(Function<ProposalServiceGrpc.ProposalServiceBlockingStub, T> request) {
        StatusRuntimeException unreachable = null;
        for (int attempt = 0; attempt < endpoints.size(); attempt++) {
            int index = (current + attempt) % endpoints.size();
            try {
                T answer = request.apply(ProposalServiceGrpc.newBlockingStub(channel(index))
                        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
                current = index;
                return answer;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw RpcFailures.describe(e, SERVICE, endpoints.get(index));
                }
                if (endpoints.size() > 1) {
                    notes.accept(SERVICE + " at " + endpoints.get(index) + " cannot be reached (" + e.getStatus().getDescription()
                            + ")" + (attempt + 1 < endpoints.size() ? "; trying " + endpoints.get((index + 1) % endpoints.size()) : ""));
                }
                unreachable = e;
            }
        }
        throw RpcFailures.describe(unreachable, SERVICE, endpoints.size() == 1 ? endpoints.get(0) : endpoints.get(current));
    }

    private ManagedChannel channel(int index) {
        while (channels.size() <= index) {
            channels.add(null);
        }
        if (channels.get(index) == null) {
            channels.set(index, Channels.open(endpoints.get(index), security));
        }
        return channels.get(index);
    }

    @Override
    public void close() {
        channels.stream().filter(java.util.Objects::nonNull).forEach(Channels::close);
    }
}
