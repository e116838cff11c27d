package io.cutover.aggregator.grpc;

import java.util.function.Function;

import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.aggregator.domain.Timelines;
import io.cutover.aggregator.network.CalendarQuery;
import io.cutover.aggregator.network.ServedNetworks;
import io.cutover.aggregator.network.TimelineQueries;
import io.cutover.core.network.ServedChains;
import io.cutover.proto.v1.Calendar;
import io.cutover.proto.v1.GetCalendarRequest;
import io.cutover.proto.v1.GetProposalRequest;
import io.cutover.proto.v1.GetTimelinesRequest;
import io.cutover.proto.v1.UpgradeTimelines;
import io.cutover.proto.v1.ListProposalsRequest;
import io.cutover.proto.v1.ListRecoveriesRequest;
import io.cutover.proto.v1.ListProposalsResponse;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalQueryService;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.WatchProposalsRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** cutover.v1.ProposalQueryService over the committed proposals of the network each request names (chain_id). */
@GrpcService
public class ProposalQueryGrpcService implements ProposalQueryService {

    private final ServedNetworks networks;
    private final TimelineQueries timelines;
    private final CalendarQuery calendar;

    public ProposalQueryGrpcService(ServedNetworks networks, TimelineQueries timelines, CalendarQuery calendar) {
        this.networks = networks;
        this.timelines = timelines;
        this.calendar = calendar;
    }

    @Override
    public Uni<Proposal> getProposal(GetProposalRequest request) {
        return answer(request.getChainId(), board -> board.proposal(request.getProposalId())
                .map(p -> Uni.createFrom().item(p))
                .orElseGet(() -> Uni.createFrom().failure(QueryErrors.unknownProposal(request.getProposalId()))));
    }

    @Override
    public Uni<ListProposalsResponse> listProposals(ListProposalsRequest request) {
        if (request.getStatus() == ProposalStatus.UNRECOGNIZED) {
            return Uni.createFrom().failure(QueryErrors.invalidStatusFilter("unknown status value " + request.getStatusValue()));
        }
        return answer(request.getChainId(), board ->
                Uni.createFrom().item(ListProposalsResponse.newBuilder().addAllProposals(board.proposals(request.getStatus())).build()));
    }

    @Override
    public Uni<ListProposalsResponse> listRecoveries(ListRecoveriesRequest request) {
        return answer(request.getChainId(), board ->
                Uni.createFrom().item(ListProposalsResponse.newBuilder().addAllProposals(board.recoveries(request.getUpgradeId())).build()));
    }

    @Override
    public Multi<Proposal> watchProposals(WatchProposalsRequest request) {
        if (request.getStatus() == ProposalStatus.UNRECOGNIZED) {
            return Multi.createFrom().failure(QueryErrors.invalidStatusFilter("unknown status value " + request.getStatusValue()));
        }
        ProposalBoard board;
        try {
            board = networks.resolve(request.getChainId()).board();
        } catch (ServedChains.Refused refused) {
            return Multi.createFrom().failure(QueryErrors.chainRefused(refused));
        }
        return Multi.createFrom().emitter(emitter -> {
            ProposalBoard.Watch watch = board.watchProposals(request.getStatus(), emitter::emit);
            emitter.onTermination(watch::close);
        });
    }

    /** The answer from the board of the chain named (CHAIN_REQUIRED or UNKNOWN_CHAIN when it cannot be served). */
    private <T> Uni<T> answer(String chain, Function<ProposalBoard, Uni<T>> query) {
        try {
            return query.apply(networks.resolve(chain).board());
        } catch (ServedChains.Refused refused) {
            return Uni.createFrom().failure(QueryErrors.chainRefused(refused));
        }
    }

    @Override
    public Uni<Calendar> getCalendar(GetCalendarRequest request) {
        try {
            return calendar.view(request.getChainId()).map(v -> Uni.createFrom().item(CalendarMessages.calendar(v)))
                    .orElseGet(() -> Uni.createFrom().failure(QueryErrors.networkNotLoaded()));
        } catch (ServedChains.Refused refused) {
            return Uni.createFrom().failure(QueryErrors.chainRefused(refused));
        }
    }

    @Override
    public Uni<UpgradeTimelines> getTimelines(GetTimelinesRequest request) {
        Timelines.Answer answer;
        try {
            answer = timelines.answer(request.getChainId(), request.getUpgradeId()).orElse(null);
        } catch (ServedChains.Refused refused) {
            return Uni.createFrom().failure(QueryErrors.chainRefused(refused));
        }
        if (answer instanceof Timelines.Found found) {
            return Uni.createFrom().item(found.timelines());
        }
        return Uni.createFrom().failure(answer instanceof Timelines.Refused refused
                ? QueryErrors.refused(refused.reason(), refused.message()) : QueryErrors.networkNotLoaded());
    }
}
