package io.cutover.ctl.client;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cutover.proto.v1.Calendar;
import io.cutover.proto.v1.GetCalendarRequest;
import io.cutover.proto.v1.GetProposalRequest;
import io.cutover.proto.v1.ListProposalsRequest;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalQueryServiceGrpc;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.WatchProposalsRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/** vote-aggregator's query API; every failure comes out as a {@link io.cutover.ctl.CommandFailure}. */
public final class QueryClient implements AutoCloseable {

    public static final String SERVICE = "vote-aggregator";

    private final Endpoint endpoint;
    private final Duration timeout;
    private final ManagedChannel channel;
    private final String chain;

    public QueryClient(Endpoint endpoint, Duration timeout) {
        this(endpoint, timeout, TransportSecurity.PLAINTEXT, "");
    }

    /** {@code chain}: the chain id every request names; blank while the aggregator serves one network. */
    public QueryClient(Endpoint endpoint, Duration timeout, TransportSecurity security, String chain) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.channel = Channels.open(endpoint, security);
        this.chain = chain;
    }

    public Proposal get(String proposalId) {
        try {
            return stub().getProposal(GetProposalRequest.newBuilder().setChainId(chain).setProposalId(proposalId).build());
        } catch (StatusRuntimeException e) {
            throw RpcFailures.describe(e, SERVICE, endpoint);
        }
    }

    public List<Proposal> list(ProposalStatus status) {
        try {
            return stub().listProposals(ListProposalsRequest.newBuilder().setChainId(chain).setStatus(status).build()).getProposalsList();
        } catch (StatusRuntimeException e) {
            throw RpcFailures.describe(e, SERVICE, endpoint);
        }
    }

    /** The upcoming upgrades of every network served, or of this client's chain when it names one. */
    public Calendar calendar() {
        try {
            return stub().getCalendar(GetCalendarRequest.newBuilder().setChainId(chain).build());
        } catch (StatusRuntimeException e) {
            throw RpcFailures.describe(e, SERVICE, endpoint);
        }
    }

    /** The current proposals, then every change; blocks until the server ends the stream or {@link #close()}. */
    public Iterator<Proposal> watch(ProposalStatus status) {
        Iterator<Proposal> stream = ProposalQueryServiceGrpc.newBlockingStub(channel)
                .watchProposals(WatchProposalsRequest.newBuilder().setChainId(chain).setStatus(status).build());
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return stream.hasNext();
                } catch (StatusRuntimeException e) {
                    throw RpcFailures.describe(e, SERVICE, endpoint);
                }
            }

            @Override
            public Proposal next() {
                return stream.next();
            }
        };
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    private ProposalQueryServiceGrpc.ProposalQueryServiceBlockingStub stub() {
        return ProposalQueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        Channels.close(channel);
    }
}
