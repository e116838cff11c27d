package io.cutover.aggregator.grpc;

import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.aggregator.domain.TimelineQuery;
import io.cutover.aggregator.domain.Timelines;
import io.cutover.aggregator.domain.calendar.CalendarBoard;
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

/** cutover.v1.ProposalQueryService over the committed proposals. */
@GrpcService
public class ProposalQueryGrpcService implements ProposalQueryService {

    private final ProposalBoard board;
    private final TimelineQuery timelines;
    private final CalendarBoard calendar;

    public ProposalQueryGrpcService(ProposalBoard board, TimelineQuery timelines, CalendarBoard calendar) {
        this.board = board;
        this.timelines = timelines;
        this.calendar = calendar;
    }

    @Override
    public Uni<Proposal> getProposal(GetProposalRequest request) {
        return board.proposal(request.getProposalId())
                .map(p -> Uni.createFrom().item(p))
                .orElseGet(() -> Uni.createFrom().failure(QueryErrors.unknownProposal(request.getProposalId())));
    }

    @Override
    public Uni<ListProposalsResponse> listProposals(ListProposalsRequest request) {
        if (request.getStatus() == ProposalStatus.UNRECOGNIZED) {
            return Uni.createFrom().failure(QueryErrors.invalidStatusFilter("unknown status value " + request.getStatusValue()));
        }
        return Uni.createFrom().item(ListProposalsResponse.newBuilder().addAllProposals(board.proposals(request.getStatus())).build());
    }

    @Override
    public Uni<ListProposalsResponse> listRecoveries(ListRecoveriesRequest request) {
        return Uni.createFrom().item(ListProposalsResponse.newBuilder().addAllProposals(board.recoveries(request.getUpgradeId())).build());
    }

    @Override
    public Multi<Proposal> watchProposals(WatchProposalsRequest request) {
        if (request.getStatus() == ProposalStatus.UNRECOGNIZED) {
            return Multi.createFrom().failure(QueryErrors.invalidStatusFilter("unknown status value " + request.getStatusValue()));
        }
        return Multi.createFrom().emitter(emitter -> {
            ProposalBoard.Watch watch = board.watchProposals(request.getStatus(), emitter::emit);
            emitter.onTermination(watch::close);
        });
    }

    @Override
    public Uni<Calendar> getCalendar(GetCalendarRequest request) {
        if (calendar.chains().isEmpty()) {
            return Uni.createFrom().failure(QueryErrors.networkNotLoaded());
        }
        return calendar.view(request.getChainId()).map(v -> Uni.createFrom().item(CalendarMessages.calendar(v)))
                .orElseGet(() -> Uni.createFrom().failure(QueryErrors.unknownChain(request.getChainId())));
    }

    @Override
    public Uni<UpgradeTimelines> getTimelines(GetTimelinesRequest request) {
        Timelines.Answer answer = timelines.answer(request.getChainId(), request.getUpgradeId()).orElse(null);
        if (answer instanceof Timelines.Found found) {
            return Uni.createFrom().item(found.timelines());
        }
        return Uni.createFrom().failure(answer instanceof Timelines.Refused refused
                ? QueryErrors.refused(refused.reason(), refused.message()) : QueryErrors.networkNotLoaded());
    }
}
