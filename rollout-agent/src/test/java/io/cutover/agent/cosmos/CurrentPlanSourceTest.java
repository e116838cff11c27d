package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.cutover.proto.cosmos.upgrade.Plan;
import io.cutover.proto.cosmos.upgrade.QueryCurrentPlanRequest;
import io.cutover.proto.cosmos.upgrade.QueryCurrentPlanResponse;
import io.cutover.proto.cosmos.upgrade.QueryGrpc;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.cutover.testing.KafkaBroker;

/** CurrentPlan over a real gRPC server (the SDK's service path and field numbers) and the REST gateway's JSON. */
class CurrentPlanSourceTest {

    private Server grpc;
    private HttpServer rest;

    @AfterEach
    void stop() {
        if (grpc != null) {
            grpc.shutdownNow();
        }
        if (rest != null) {
            rest.stop(0);
        }
    }

    @Test
    void asksTheQueryServiceOverGrpc() throws Exception {
        AtomicReference<Plan> plan = new AtomicReference<>();
        grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new QueryGrpc.QueryImplBase() {
            @Override
            public void currentPlan(QueryCurrentPlanRequest request, StreamObserver<QueryCurrentPlanResponse> out) {
                QueryCurrentPlanResponse.Builder r = QueryCurrentPlanResponse.newBuilder();
                if (plan.get() != null) {
                    r.setPlan(plan.get());
                }
                out.onNext(r.build());
                out.onCompleted();
            }
        }).build().start();
        try (GrpcCurrentPlan source = new GrpcCurrentPlan("127.0.0.1:" + grpc.getPort())) {
            assertThat(source.currentPlan()).as("no plan").isEmpty();
            plan.set(Plan.newBuilder().setName("v2").setHeight(1774000).setInfo("{\"binaries\":{}}").build());
            assertThat(source.currentPlan()).contains(new UpgradePlan("v2", 1774000, "{\"binaries\":{}}"));
        }
        assertThat(QueryGrpc.getCurrentPlanMethod().getFullMethodName()).isEqualTo("cosmos.upgrade.v1beta1.Query/CurrentPlan");
    }

    @Test
    void aNodeThatDoesNotAnswerIsAnError() {
        try (GrpcCurrentPlan source = new GrpcCurrentPlan("tcp://127.0.0.1:" + KafkaBroker.freePort())) {
            assertThatThrownBy(source::currentPlan).isInstanceOf(IOException.class).hasMessageContaining("CurrentPlan at");
        }
    }

    @Test
    void readsTheRestGatewaysJson() throws Exception {
        AtomicReference<String> body = new AtomicReference<>("{\"plan\":null}");
        rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rest.createContext(RestCurrentPlan.PATH, ex -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        rest.start();
        RestCurrentPlan source = new RestCurrentPlan("127.0.0.1:" + rest.getAddress().getPort());
        assertThat(source.currentPlan()).isEmpty();
        body.set("{\"plan\":{\"name\":\"v2\",\"time\":\"0001-01-01T00:00:00Z\",\"height\":\"120\",\"info\":\"\",\"upgraded_client_state\":null}}");
        assertThat(source.currentPlan()).contains(new UpgradePlan("v2", 120, ""));
        body.set("{\"plan\":{\"name\":\"v2\",\"height\":\"soon\"}}");
        assertThatThrownBy(source::currentPlan).hasMessageContaining("without a height");
    }
}
