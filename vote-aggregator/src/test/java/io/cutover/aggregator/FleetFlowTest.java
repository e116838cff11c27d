package io.cutover.aggregator;

import static io.cutover.aggregator.support.FleetFilesResource.A;
import static io.cutover.aggregator.support.FleetFilesResource.B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.rpc.ErrorInfo;

import io.cutover.aggregator.support.FleetFilesResource;
import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tally.TallyInput;
import io.cutover.core.tally.TransactionInputs;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.GetProposalRequest;
import io.cutover.proto.v1.ListProposalsRequest;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalQueryServiceGrpc;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.WatchProposalsRequest;
import io.cutover.testing.KafkaBrokerResource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * One aggregator serving two networks (different chain ids and validators) from a folder that also holds a broken file:
 * upgrades on both are tallied apart, each approval keyed {@code <chain>/<height>} with its own certificate, a vote signed
 * by one network's validators never counts for the other, and the query API needs the chain.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FleetFilesResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetFlowTest {

    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> approvals;
    private final List<ConsumerRecord<String, String>> approvalRecords = new ArrayList<>();
    private ManagedChannel channel;

    @BeforeAll
    void connect() {
        String bootstrap = KafkaBrokerResource.broker().bootstrapServers();
        producer = TestNetwork.producer(bootstrap);
        approvals = TestNetwork.committedReader(bootstrap, Topics.APPROVALS);
    }

    @AfterAll
    void close() throws InterruptedException {
        producer.close();
        approvals.close();
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void theTwoGoodNetworksAreServedAndTheBrokenFileIsNot() {
        given().get("/api/v1/networks").then().statusCode(200).body("chains", contains("fleet-a", "fleet-b"));
    }

    @Test
    @Order(2)
    void upgradesOnBothNetworksAreTalliedApart() {
        // A's validators vote for B's upgrade, signed for B and routed to B: not B's validators, so nothing counts
        for (int v = 1; v <= 3; v++) {
            TestNetwork.send(producer, A.approveOn("fleet-b", v, "v1.2.0", 300));
        }
        TestNetwork.send(producer, B.approve(1, "v1.2.0", 300));
        TestNetwork.send(producer, A.approve(1, "v1.1.0", 200));
        TestNetwork.send(producer, A.approve(2, "v1.1.0", 200));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/proposals/v1.2.0@300?chain=fleet-b").then().statusCode(200).body("approvers", hasSize(1)));
        given().get("/api/v1/proposals/v1.2.0@300?chain=fleet-b").then().body("approvingPower", equalTo("10"))
                .body("status", equalTo("PROPOSAL_STATUS_PENDING"));

        TestNetwork.send(producer, A.approve(3, "v1.1.0", 200));
        TestNetwork.send(producer, B.approve(2, "v1.2.0", 300));
        TestNetwork.send(producer, B.approve(3, "v1.2.0", 300));

        Map<String, Approval> byKey = awaitApprovals("fleet-a/200", "fleet-b/300");
        assertThat(byKey.get("fleet-a/200").getProposalId()).isEqualTo("v1.1.0@200");
        assertThat(byKey.get("fleet-a/200").getStatus()).isEqualTo(ApprovalStatus.APPROVAL_STATUS_APPROVED);
        assertThat(signers(byKey.get("fleet-a/200"))).containsExactlyInAnyOrder(A.key(1), A.key(2), A.key(3));
        assertThat(byKey.get("fleet-b/300").getProposalId()).isEqualTo("v1.2.0@300");
        assertThat(signers(byKey.get("fleet-b/300"))).containsExactlyInAnyOrder(B.key(1), B.key(2), B.key(3));
        assertThat(approvalRecords).extracting(ConsumerRecord::key).noneMatch(k -> k.equals("fleet-a/300") || k.equals("fleet-b/200"));
    }

    @Test
    @Order(3)
    void theQueryApiNeedsTheChainAndRefusesOneItDoesNotServe() {
        // an approval readable on Kafka is committed; the boards and gauges follow that commit on the tally threads
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            given().get("/api/v1/proposals/v1.1.0@200?chain=fleet-a").then().statusCode(200).body("status", equalTo("PROPOSAL_STATUS_APPROVED"));
            given().get("/api/v1/proposals/v1.2.0@300?chain=fleet-b").then().statusCode(200).body("status", equalTo("PROPOSAL_STATUS_APPROVED"));
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("cutover_proposals{chain=\"fleet-b\",status=\"approved\"} 1.0"));
        });
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", RestAssured.port).usePlaintext().build(); // the port is known now
        var stub = ProposalQueryServiceGrpc.newBlockingStub(channel);
        assertThat(stub.listProposals(ListProposalsRequest.newBuilder().setChainId("fleet-a").build()).getProposalsList())
                .extracting(Proposal::getProposalId).containsExactly("v1.1.0@200");
        assertThat(stub.getProposal(GetProposalRequest.newBuilder().setChainId("fleet-b").setProposalId("v1.2.0@300").build()).getStatus())
                .isEqualTo(ProposalStatus.PROPOSAL_STATUS_APPROVED);
        assertRefused(() -> stub.listProposals(ListProposalsRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "CHAIN_REQUIRED");
        assertRefused(() -> stub.getProposal(GetProposalRequest.newBuilder().setChainId("fleet-z").setProposalId("x").build()),
                Status.Code.NOT_FOUND, "UNKNOWN_CHAIN");
        assertRefused(() -> stub.watchProposals(WatchProposalsRequest.getDefaultInstance()).hasNext(), Status.Code.INVALID_ARGUMENT, "CHAIN_REQUIRED");

        given().get("/api/v1/proposals").then().statusCode(400).contentType("application/problem+json").body("reason", equalTo("CHAIN_REQUIRED"));
        given().get("/api/v1/proposals?chain=fleet-z").then().statusCode(404).body("reason", equalTo("UNKNOWN_CHAIN"));
        given().get("/api/v1/network").then().statusCode(400).body("reason", equalTo("CHAIN_REQUIRED"));
        given().get("/api/v1/proposals?chain=fleet-b").then().statusCode(200).body("proposals.proposalId", contains("v1.2.0@300"));
        given().get("/api/v1/network?chain=fleet-a").then().statusCode(200).body("chainId", equalTo("fleet-a"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("cutover_aggregator_active{chain=\"fleet-a\"} 1.0"))
                .body(containsString("cutover_aggregator_active{chain=\"fleet-b\"} 1.0"))
                .body(containsString("cutover_proposals{chain=\"fleet-b\",status=\"approved\"} 1.0"));
    }

    private static void assertRefused(Runnable call, Status.Code code, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            com.google.rpc.Status status = StatusProto.fromThrowable(e);
            assertThat(status.getDetailsList()).anySatisfy(any -> {
                try {
                    assertThat(any.unpack(ErrorInfo.class).getReason()).isEqualTo(reason);
                } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                    throw new AssertionError(ex);
                }
            });
        });
    }

    private Map<String, Approval> awaitApprovals(String... keys) {
        Map<String, Approval> byKey = new TreeMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, String> record : TestNetwork.drain(approvals, new ArrayList<>())) {
                approvalRecords.add(record);
                byKey.put(record.key(), EventJson.read(record.value(), Approval.newBuilder()));
            }
            return byKey.keySet().containsAll(List.of(keys));
        });
        return byKey;
    }

    private static List<String> signers(Approval approval) {
        return approval.getQuorumCertificateList().stream()
                .map(tx -> TransactionInputs.fromRawTransaction(tx.toByteArray(), Instant.EPOCH).orElseThrow())
                .map(input -> ((TallyInput.Approve) input).signer()).toList();
    }
}
