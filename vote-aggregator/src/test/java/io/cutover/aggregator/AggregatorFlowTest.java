package io.cutover.aggregator;

import static io.cutover.aggregator.support.NetworkFileResource.NETWORK;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

import io.cutover.aggregator.support.NetworkFileResource;
import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.quorum.CertificateVerdict;
import io.cutover.core.quorum.RecoveryCertificates;
import io.cutover.core.tally.TransactionInputs;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.Calendar;
import io.cutover.proto.v1.CalendarEntry;
import io.cutover.proto.v1.GetCalendarRequest;
import io.cutover.proto.v1.GetProposalRequest;
import io.cutover.proto.v1.TargetOrigin;
import io.cutover.proto.v1.ListProposalsRequest;
import io.cutover.proto.v1.ListRecoveriesRequest;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalQueryServiceGrpc;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.v1.WatchProposalsRequest;
import io.cutover.proto.v1.GetTimelinesRequest;
import io.cutover.proto.v1.NodeTimeline;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutTimeline;
import io.cutover.proto.v1.UpgradeTimelines;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.cutover.testing.KafkaBrokerResource;
import io.cutover.testing.MonitoringFiles;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Votes in on upgrade.transactions, the expected events out, in order, read by read_committed consumers. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(NetworkFileResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AggregatorFlowTest {

    private static final String A = "v1.1.0@200";
    private static final String B = "v1.2.0@300";

    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> proposals;
    private KafkaConsumer<String, String> approvals;
    private final List<ConsumerRecord<String, String>> proposalRecords = new ArrayList<>();
    private final List<ConsumerRecord<String, String>> approvalRecords = new ArrayList<>();
    private ManagedChannel channel;
    private final Set<String> exposed = new TreeSet<>();

    @BeforeAll
    void connect() {
        String bootstrap = KafkaBrokerResource.broker().bootstrapServers();
        producer = TestNetwork.producer(bootstrap);
        proposals = TestNetwork.committedReader(bootstrap, Topics.PROPOSALS);
        approvals = TestNetwork.committedReader(bootstrap, Topics.APPROVALS);
    }

    private ManagedChannel channel() {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", RestAssured.port).usePlaintext().build();
        }
        return channel;
    }

    @AfterAll
    void close() throws InterruptedException {
        producer.close();
        proposals.close();
        approvals.close();
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void threeOfFourVotesPublishTheTallyThenOneApprovalWithItsCertificate() throws Exception {
        TestNetwork.send(producer, NETWORK.approve(1, "v1.1.0", 200));
        TestNetwork.send(producer, NETWORK.approve(2, "v1.1.0", 200));
        TestNetwork.send(producer, NETWORK.approve(3, "v1.1.0", 200));

        List<Proposal> published = awaitProposals(3);
        assertThat(published).extracting(Proposal::getStatus).containsExactly(ProposalStatus.PROPOSAL_STATUS_PENDING,
                ProposalStatus.PROPOSAL_STATUS_PENDING, ProposalStatus.PROPOSAL_STATUS_APPROVED);
        assertThat(published).extracting(Proposal::getApprovingPower).containsExactly(10L, 20L, 30L);
        assertThat(proposalRecords.get(0).key()).isEqualTo(TestNetwork.CHAIN + "/" + A);

        Approval approval = awaitApprovals(1).get(0);
        assertThat(approvalRecords.get(0).key()).isEqualTo(TestNetwork.CHAIN + "/200");
        assertThat(approval.getStatus()).isEqualTo(ApprovalStatus.APPROVAL_STATUS_APPROVED);
        assertThat(approval.getQuorumCertificateList()).hasSize(3);
        // the certificate is the approvers' own signed transactions: anyone can decode and check them
        assertThat(approval.getQuorumCertificateList().stream()
                .map(tx -> TransactionInputs.fromRawTransaction(tx.toByteArray(), java.time.Instant.EPOCH).orElseThrow())
                .map(input -> ((io.cutover.core.tally.TallyInput.Approve) input).signer()))
                .containsExactlyInAnyOrder(NETWORK.key(1), NETWORK.key(2), NETWORK.key(3));
    }

    @Test
    @Order(2)
    void theQueryApiShowsTheCommittedProposals() {
        // the query side is updated just after the transaction commits, so after the records a reader saw
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/proposals/" + A).then().statusCode(200)
                .body("status", equalTo("PROPOSAL_STATUS_APPROVED")).body("approvers", hasSize(3)));
        given().get("/api/v1/proposals?status=approved").then().statusCode(200).body("proposals", hasSize(1));
        given().get("/api/v1/proposals?status=rejected").then().statusCode(200).body("proposals", hasSize(0));

        var stub = ProposalQueryServiceGrpc.newBlockingStub(channel());
        assertThat(stub.getProposal(GetProposalRequest.newBuilder().setProposalId(A).build()).getStatus())
                .isEqualTo(ProposalStatus.PROPOSAL_STATUS_APPROVED);
        assertThat(stub.listProposals(ListProposalsRequest.newBuilder().setStatus(ProposalStatus.PROPOSAL_STATUS_PENDING).build())
                .getProposalsList()).isEmpty();
        var watch = stub.withDeadlineAfter(5, TimeUnit.SECONDS).watchProposals(WatchProposalsRequest.getDefaultInstance());
        assertThat(watch.next().getProposalId()).isEqualTo(A);
    }

    @Test
    @Order(3)
    void metricsShowTheComingUpgradeAndItsReadyPower() {
        // 4 validators of power 10, none has reported yet: height 0, nobody ready, more than 2/3 of 40 needed
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> exposed.addAll(MonitoringFiles.exposedNames(
                given().get("/q/metrics").then().statusCode(200)
                        .body(containsString("cutover_upgrade_scheduled 1.0"))
                        .body(containsString("cutover_upgrade_height 200.0"))
                        .body(containsString("cutover_upgrade_blocks_to_height 200.0"))
                        .body(containsString("cutover_upgrade_ready_power 0.0"))
                        .body(containsString("cutover_network_required_power 27.0"))
                        .body(containsString("cutover_network_total_power 40.0"))
                        .body(containsString("cutover_aggregator_approval_latency_seconds_count 1"))
                        .body(containsString("cutover_upgrade_ready_power_ratio{chain=\"" + TestNetwork.CHAIN + "\",upgrade=\"" + A + "\"} 0.0"))
                        .body(containsString("cutover_upgrade_seconds_to_height{chain=\"" + TestNetwork.CHAIN + "\",upgrade=\"" + A + "\"} NaN"))
                        .extract().asString())));
    }

    @Test
    @Order(4)
    void anUnknownProposalIsNotFoundWithItsReason() {
        given().get("/api/v1/proposals/v9.9.9@1").then().statusCode(404)
                .contentType("application/problem+json").body("reason", equalTo("UNKNOWN_PROPOSAL"));
        given().get("/api/v1/proposals?status=bogus").then().statusCode(400)
                .contentType("application/problem+json").body("reason", equalTo("INVALID_STATUS_FILTER"));

        var stub = ProposalQueryServiceGrpc.newBlockingStub(channel());
        assertThatThrownBy(() -> stub.getProposal(GetProposalRequest.newBuilder().setProposalId("v9.9.9@1").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(reason(e)).isEqualTo("UNKNOWN_PROPOSAL");
                });
    }

    @Test
    @Order(4)
    void theCalendarShowsTheApprovedUpgradeAndRefusesAChainNotServed() {
        // nobody has reported a height yet: the upgrade is listed without an estimated time
        given().get("/api/v1/calendar").then().statusCode(200).body("entries[0].upgradeId", equalTo(A))
                .body("entries[0].height", equalTo(200)).body("entries[0].totalPower", equalTo(40))
                .body("conflictWindowSeconds", equalTo(6 * 3600));
        given().get("/api/v1/calendar?chain=" + TestNetwork.CHAIN).then().statusCode(200).body("entries", hasSize(1));
        given().get("/api/v1/calendar?chain=other-chain").then().statusCode(404)
                .contentType("application/problem+json").body("reason", equalTo("UNKNOWN_CHAIN"));

        var stub = ProposalQueryServiceGrpc.newBlockingStub(channel());
        Calendar calendar = stub.getCalendar(GetCalendarRequest.getDefaultInstance());
        assertThat(calendar.getEntriesList()).extracting(CalendarEntry::getUpgradeId).containsExactly(A);
        assertThat(calendar.getEntries(0).getOrigin()).isEqualTo(TargetOrigin.TARGET_ORIGIN_APPROVAL);
        assertThat(calendar.getEntries(0).hasEstimatedAt()).isFalse();
        assertThat(calendar.getEntries(0).getThreshold()).isEqualTo("2/3");
        assertThatThrownBy(() -> stub.getCalendar(GetCalendarRequest.newBuilder().setChainId("other-chain").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(reason(e)).isEqualTo("UNKNOWN_CHAIN");
                });
    }

    private static String reason(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(ErrorInfo.class)).map(d -> {
            try {
                return d.unpack(ErrorInfo.class).getReason();
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        }).findFirst().orElseThrow();
    }

    @Test
    @Order(5)
    void rejectionsHoldingTheThresholdCancelTheApproval() throws Exception {
        TestNetwork.send(producer, NETWORK.reject(4, A));
        TestNetwork.send(producer, NETWORK.reject(1, A));
        TestNetwork.send(producer, NETWORK.reject(2, A));

        assertThat(awaitProposals(6).subList(3, 6)).extracting(Proposal::getStatus).containsExactly(
                ProposalStatus.PROPOSAL_STATUS_APPROVED, ProposalStatus.PROPOSAL_STATUS_APPROVED, ProposalStatus.PROPOSAL_STATUS_CANCELLED);
        Approval cancelled = awaitApprovals(2).get(1);
        assertThat(approvalRecords.get(1).key()).isEqualTo(TestNetwork.CHAIN + "/200");
        assertThat(cancelled.getStatus()).isEqualTo(ApprovalStatus.APPROVAL_STATUS_CANCELLED);
        assertThat(cancelled.getQuorumCertificateList()).hasSize(3);
        assertThat(cancelled.getRejectionCertificateList()).as("the proof: the three rejections").hasSize(3);
        var network = ((io.cutover.core.config.ConfigResult.Valid<io.cutover.core.network.NetworkConfig>)
                io.cutover.core.network.NetworkConfigParser.parse(NETWORK.toml(), "network.toml")).value();
        assertThat(io.cutover.core.quorum.CancellationProofs.verify(cancelled, network, java.util.Map.of()).verified())
                .as("an agent can verify the cancellation").isTrue();
    }

    @Test
    @Order(6)
    void aProposalNotApprovedWhenTheNetworkReachesItsHeightIsRejected() throws Exception {
        TestNetwork.send(producer, NETWORK.approve(1, "v1.2.0", 300));
        awaitProposals(7);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> exposed.addAll(MonitoringFiles.exposedNames(
                given().get("/q/metrics").then().statusCode(200)
                        .body(containsString("cutover_proposal_approving_power{proposal=\"" + B + "\"} 10.0"))
                        .extract().asString())));
        for (int v = 1; v <= 4; v++) {
            TestNetwork.send(producer, NETWORK.heightReport(v, 300));
        }
        Proposal expired = awaitProposals(8).get(7);
        assertThat(expired.getProposalId()).isEqualTo(B);
        assertThat(expired.getStatus()).isEqualTo(ProposalStatus.PROPOSAL_STATUS_REJECTED);
        assertThat(expired.getStatusReason()).isEqualTo("not approved by its height 300");

        // the four reports are applied (the agents are shown after their transactions committed): whatever they
        // caused is committed, so reading both topics to their end shows every event there is
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/api/v1/agents").then().statusCode(200).body("agents", hasSize(4)).body("agents[0].height", equalTo("300")));
        assertThat(TestNetwork.drainToEnd(approvals, approvalRecords)).as("no further approval").hasSize(2);
        assertThat(TestNetwork.drainToEnd(proposals, proposalRecords)).as("no repeated event").hasSize(8);
    }

    @Test
    @Order(7)
    void healthAndMetricsReportTheLoop() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("tally-loop")).body(containsString("active"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("cutover_approvals_published_total{status=\"approved\"} 1.0"))
                .body(containsString("cutover_approvals_published_total{status=\"cancelled\"} 1.0"))
                .body(containsString("cutover_proposals{status=\"rejected\"} 1.0"))
                .body(containsString("cutover_aggregator_consumer_lag"))
                .body(containsString("cutover_aggregator_event_latency_seconds"));
        exposed.addAll(MonitoringFiles.exposedNames(given().get("/q/metrics").asString()));
        assertThat(exposed).as("every vote-aggregator metric that deploy/monitoring's dashboard and alerts query")
                .containsAll(MonitoringFiles.metricNamesOf("vote-aggregator"));
    }

    @Test
    @Order(8)
    void threeOfFourRecoveryVotesPublishACertifiedRecoveryUnderTheFailedUpgradesHeightOnce() throws Exception {
        String failed = "v1.3.0@400";
        String hotFix = failed + "/hot-fix/v1.3.1";
        for (int v = 1; v <= 3; v++) {
            TestNetwork.send(producer, NETWORK.approve(v, "v1.3.0", 400));
        }
        for (int v = 1; v <= 4; v++) {
            TestNetwork.send(producer, NETWORK.heightReport(v, 400));
        }
        TestNetwork.send(producer, NETWORK.hotFix(1, failed, "v1.3.1"));
        TestNetwork.send(producer, NETWORK.hotFix(2, failed, "v1.3.1"));
        TestNetwork.send(producer, NETWORK.returnTo(4, failed));
        TestNetwork.send(producer, NETWORK.hotFix(3, failed, "v1.3.1"));

        List<Approval> published = awaitApprovals(4);
        assertThat(approvalRecords.get(2).key()).isEqualTo(TestNetwork.CHAIN + "/400");
        assertThat(published.get(2).getProposalId()).isEqualTo(failed);
        assertThat(approvalRecords.get(3).key()).as("the recovery supersedes the failed approval under its key").isEqualTo(TestNetwork.CHAIN + "/400");
        Approval recovery = published.get(3);
        assertThat(recovery.getStatus()).isEqualTo(ApprovalStatus.APPROVAL_STATUS_APPROVED);
        assertThat(recovery.getProposalId()).isEqualTo(hotFix);
        assertThat(recovery.getReleaseTag()).isEqualTo("v1.3.1");
        assertThat(recovery.getHeight()).isEqualTo(400);
        assertThat(recovery.getApprovingPower()).isEqualTo(30);
        assertThat(recovery.getRecovery().getUpgradeId()).isEqualTo(failed);
        assertThat(recovery.getRecovery().getFailedReleaseTag()).isEqualTo("v1.3.0");
        assertThat(recovery.getRecovery().getAction()).isEqualTo(RecoveryAction.RECOVERY_ACTION_HOT_FIX);
        var network = io.cutover.core.network.NetworkConfigParser.parse(NETWORK.toml(), "network.toml").orThrow();
        assertThat(RecoveryCertificates.verify(recovery, network)).as("an agent can verify the recovery's certificate")
                .isInstanceOfSatisfying(CertificateVerdict.Verified.class, v -> assertThat(v.signers()).hasSize(3));

        // a vote after the approval changes nothing; a later vote moving to the return is the marker that it was applied
        TestNetwork.send(producer, NETWORK.hotFix(4, failed, "v1.3.1"));
        TestNetwork.send(producer, NETWORK.returnTo(1, failed));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestNetwork.drain(proposals, proposalRecords).stream()
                .anyMatch(r -> r.key().endsWith("/return") && r.value().contains(NETWORK.key(1))));
        assertThat(TestNetwork.drainToEnd(approvals, approvalRecords)).as("the recovery approval is published once").hasSize(4);

        var stub = ProposalQueryServiceGrpc.newBlockingStub(channel());
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stub.listRecoveries(
                ListRecoveriesRequest.newBuilder().setUpgradeId(failed).build()).getProposalsList())
                .extracting(Proposal::getProposalId, Proposal::getStatus)
                .containsExactly(tuple(hotFix, ProposalStatus.PROPOSAL_STATUS_APPROVED), tuple(failed + "/return", ProposalStatus.PROPOSAL_STATUS_PENDING)));
        given().queryParam("upgrade", failed).get("/api/v1/recoveries").then().statusCode(200).body("proposals", hasSize(2))
                .body("proposals[0].recovery.upgradeId", equalTo(failed));
        given().get("/api/v1/proposals/" + hotFix).then().statusCode(200).body("status", equalTo("PROPOSAL_STATUS_APPROVED"))
                .body("approvers", hasSize(3));
    }

    @Test
    @Order(9)
    void theTimelinesOfAnUpgradeShowWhenMoreThanTheThresholdWasBack() {
        Timestamp halted = Timestamps.fromSeconds(1_800_000_000L);
        for (int v = 1; v <= 3; v++) {
            TestNetwork.send(producer, NETWORK.heightReport(v, 400).toBuilder().setPhase(RolloutPhase.ROLLOUT_PHASE_RUNNING)
                    .setHost("host-" + v).setTimeline(RolloutTimeline.newBuilder().setUpgradeId(A).setHaltedAt(halted)
                            .setFirstBlockAt(Timestamps.add(halted, Durations.fromSeconds(4 + v)))).build());
        }
        var stub = ProposalQueryServiceGrpc.newBlockingStub(channel());
        UpgradeTimelines timelines = Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> stub.getTimelines(GetTimelinesRequest.newBuilder().setUpgradeId(A).build()), t -> t.getNodesCount() == 3);
        assertThat(timelines.getHeight()).isEqualTo(200);
        assertThat(timelines.getPowerBackAt()).isEqualTo(Timestamps.add(halted, Durations.fromSeconds(7)));
        assertThat(timelines.getNodesList()).extracting(NodeTimeline::getHost, NodeTimeline::getVotingPower)
                .containsExactly(tuple("host-1", 10L), tuple("host-2", 10L), tuple("host-3", 10L));

        given().get("/api/v1/timelines?upgrade=" + A + "&chain=" + TestNetwork.CHAIN).then().statusCode(200)
                .body("powerBackAt", equalTo(Timestamps.toString(Timestamps.add(halted, Durations.fromSeconds(7)))))
                .body("nodes", hasSize(3));
        given().get("/api/v1/timelines?upgrade=" + A + "&chain=another-chain").then().statusCode(404)
                .contentType("application/problem+json").body("reason", equalTo("UNKNOWN_CHAIN"));
        given().get("/api/v1/timelines?upgrade=v9.9.9@1").then().statusCode(404).body("reason", equalTo("UNKNOWN_UPGRADE"));
        assertThatThrownBy(() -> stub.getTimelines(GetTimelinesRequest.newBuilder().setUpgradeId(A).setChainId("another-chain").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    private List<Proposal> awaitProposals(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestNetwork.drain(proposals, proposalRecords).size() >= count);
        return proposalRecords.stream().map(r -> read(r.value(), Proposal.newBuilder())).map(Proposal.class::cast).toList();
    }

    private List<Approval> awaitApprovals(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestNetwork.drain(approvals, approvalRecords).size() >= count);
        return approvalRecords.stream().map(r -> read(r.value(), Approval.newBuilder())).map(Approval.class::cast).toList();
    }

    private static Object read(String json, com.google.protobuf.Message.Builder builder) {
        try {
            return EventJson.read(json, builder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
