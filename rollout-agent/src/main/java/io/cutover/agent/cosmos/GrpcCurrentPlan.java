package io.cutover.agent.cosmos;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.cutover.proto.cosmos.upgrade.Plan;
import io.cutover.proto.cosmos.upgrade.QueryCurrentPlanRequest;
import io.cutover.proto.cosmos.upgrade.QueryCurrentPlanResponse;
import io.cutover.proto.cosmos.upgrade.QueryGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;

/**
 * {@code cosmos.upgrade.v1beta1.Query/CurrentPlan} over gRPC, as {@code cosmovisor prepare-upgrade}
 * asks it: plaintext unless the address starts with https://, 10 s deadline.
 */
public final class GrpcCurrentPlan implements CurrentPlanSource {

    private final String address;
    private final ManagedChannel channel;

    public GrpcCurrentPlan(String address) {
        this.address = address;
        boolean tls = address.startsWith("https://");
        String target = address.replaceFirst("^(https?|tcp)://", "");
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(target);
        channel = (tls ? builder.useTransportSecurity() : builder.usePlaintext()).build();
    }

    @Override
    public Optional<UpgradePlan> currentPlan() throws IOException {
        try {
            QueryCurrentPlanResponse response = QueryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .currentPlan(QueryCurrentPlanRequest.getDefaultInstance());
            if (!response.hasPlan() || response.getPlan().getName().isEmpty()) {
                return Optional.empty();
            }
            Plan plan = response.getPlan();
            return Optional.of(new UpgradePlan(plan.getName(), plan.getHeight(), plan.getInfo()));
        } catch (StatusRuntimeException e) {
            String why = e.getStatus().getDescription();
            throw new IOException("CurrentPlan at " + address + ": " + e.getStatus().getCode() + (why == null ? "" : " (" + why + ")"), e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
