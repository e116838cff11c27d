package io.cutover.agent.cosmos;

import java.io.IOException;
import java.util.Optional;

/** Asks the node for x/upgrade's pending plan (Query/CurrentPlan). */
public interface CurrentPlanSource extends AutoCloseable {

    /** The scheduled plan, empty when none is; an IOException when the node cannot be asked. */
    Optional<UpgradePlan> currentPlan() throws IOException;

    @Override
    default void close() {
    }

    /** gRPC at DAEMON_GRPC_ADDRESS, or the REST path when CUTOVER_REST_ADDRESS is set. */
    static CurrentPlanSource of(CosmovisorSettings settings) {
        return settings.cutover().restAddress().<CurrentPlanSource>map(RestCurrentPlan::new)
                .orElseGet(() -> new GrpcCurrentPlan(settings.grpcAddress()));
    }
}
