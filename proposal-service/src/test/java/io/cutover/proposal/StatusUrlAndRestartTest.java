package io.cutover.proposal;

import static io.cutover.proposal.StatusUrlNetwork.CHAIN;
import static io.cutover.proposal.TestNetwork.ACCEPT;
import static io.cutover.proposal.TestNetwork.HEIGHT;
import static io.cutover.proposal.TestNetwork.proposal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalLong;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.proposal.Clients.Outcome;
import io.cutover.proposal.config.ServedNetworks;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.v1.RecoveryApproval;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Height from a status URL; state read back from upgrade.transactions at start; network.toml reloaded, a broken one refused. */
@QuarkusTest
@WithTestResource(StatusUrlNetwork.class)
class StatusUrlAndRestartTest {

    private ManagedChannel channel;
    @Inject
    ServedNetworks networks;

    @BeforeEach
    void connect() {
        StatusUrlNetwork.HEIGHT.set(HEIGHT);
        channel = Clients.channel(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
        awaitHeight(HEIGHT);
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    private static void awaitHeight(long height) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> given().get("/api/v1/network").jsonPath().getLong("networkHeight") == height);
    }

    @Test
    void followsTheHeightOfTheStatusUrl() {
        StatusUrlNetwork.HEIGHT.set(HEIGHT + 90);
        awaitHeight(HEIGHT + 90);
        // 1100 is now only 10 blocks ahead
        assertThat(Clients.grpc(channel, ACCEPT.signV3(CHAIN, proposal(501, "v1.1.0", HEIGHT + 100)).toByteArray()))
                .isEqualTo(new Outcome("FAILED_PRECONDITION", "HEIGHT_TOO_SOON", null, null));
    }

    @Test
    void theCurrentReleaseAdvancesOnceTheNetworkPassesAnApprovedHeightAndAReturnTakesItBack() {
        Approval approval = Approval.newBuilder().setChainId(CHAIN).setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .setProposalId("v1.3.0@1050").setReleaseTag("v1.3.0").setHeight(1050).build();
        Clients.publish(Topics.APPROVALS, Topics.approvalKey(CHAIN, 1050), EventJson.write(approval));
        // the approval is known (it would be in force at 1050): below its height the release must not advance
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> networks.only().orElseThrow().releases().current(networks.only().orElseThrow().current(), OptionalLong.of(1050)).text().equals("v1.3.0"));
        StatusUrlNetwork.HEIGHT.set(1049);
        awaitHeight(1049);
        assertThat(given().get("/api/v1/network").jsonPath().getString("currentRelease")).isEqualTo("v1.0.0");
        StatusUrlNetwork.HEIGHT.set(1050);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> "v1.3.0".equals(given().get("/api/v1/network").jsonPath().getString("currentRelease")));
        assertThat(Clients.grpc(channel, ACCEPT.signV3(CHAIN, proposal(701, "v1.2.0", 1200).toBuilder().setBlockHeight(1050).build())
                .toByteArray())).isEqualTo(new Outcome("FAILED_PRECONDITION", "DOWNGRADE", null, null));

        // the validators return from it: the release before it is current again, as in vote-aggregator's tally (the nodes
        // run it, the upgrade skipped), and a release between the two may be proposed
        Clients.publish(Topics.APPROVALS, Topics.approvalKey(CHAIN, 1050), EventJson.write(approval.toBuilder()
                .setProposalId("v1.3.0@1050/return").setReleaseTag("").setRecovery(RecoveryApproval.newBuilder().setUpgradeId("v1.3.0@1050")
                        .setAction(RecoveryAction.RECOVERY_ACTION_RETURN).setFailedReleaseTag("v1.3.0")).build()));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> "v1.0.0".equals(given().get("/api/v1/network").jsonPath().getString("currentRelease")));
        assertThat(Clients.grpc(channel, ACCEPT.signV3(CHAIN, proposal(702, "v1.2.0", 1200).toBuilder().setBlockHeight(1050).build())
                .toByteArray()).accepted()).isTrue();

        // approved again, then cancelled: forgotten
        Clients.publish(Topics.APPROVALS, Topics.approvalKey(CHAIN, 1050), EventJson.write(approval));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> "v1.3.0".equals(given().get("/api/v1/network").jsonPath().getString("currentRelease")));
        Clients.publish(Topics.APPROVALS, Topics.approvalKey(CHAIN, 1050),
                EventJson.write(approval.toBuilder().setStatus(ApprovalStatus.APPROVAL_STATUS_CANCELLED).build()));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> "v1.0.0".equals(given().get("/api/v1/network").jsonPath().getString("currentRelease")));
    }

    @Test
    void refusesWithNetworkHeightUnknownWhileTheStatusUrlFails() {
        StatusUrlNetwork.HEIGHT.set(-1);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !given().get("/api/v1/network").jsonPath().getBoolean("networkHeightKnown"));
        assertThat(Clients.grpc(channel, ACCEPT.signV3(CHAIN, proposal(502, "v1.1.0", HEIGHT + 100)).toByteArray()))
                .isEqualTo(new Outcome("UNAVAILABLE", "NETWORK_HEIGHT_UNKNOWN", null, null));
        assertThat(Clients.rest(ACCEPT.signV3(CHAIN, proposal(503, "v1.1.0", HEIGHT + 100)).toByteArray()))
                .isEqualTo(new Outcome("503", "NETWORK_HEIGHT_UNKNOWN", null, null));
    }

    @Test
    void remembersTransactionsAcceptedBeforeItStarted() {
        assertThat(Clients.grpc(channel, StatusUrlNetwork.EARLIER_TX)).isEqualTo(new Outcome("ALREADY_EXISTS", "DUPLICATE_TRANSACTION", null, null));
        assertThat(Clients.rest(ACCEPT.signV3(CHAIN, proposal(77, "v1.2.0", HEIGHT + 100)).toByteArray()))
                .isEqualTo(new Outcome("409", "NONCE_REUSED", null, null));
        assertThat(Clients.grpc(channel, ACCEPT.signV3(CHAIN, proposal(78, "v1.2.0", HEIGHT + 100)).toByteArray()).accepted()).isTrue();
    }

    @Test
    void reloadsAChangedNetworkFileAndKeepsTheLastGoodOneWhenBroken() throws Exception {
        Files.writeString(StatusUrlNetwork.file(), TestNetwork.toml(CHAIN, "v1.5.0"));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "v1.5.0".equals(given().get("/api/v1/network").jsonPath().getString("currentRelease")));
        assertThat(Clients.grpc(channel, ACCEPT.signV3(CHAIN, proposal(601, "v1.4.0", HEIGHT + 100)).toByteArray()))
                .isEqualTo(new Outcome("FAILED_PRECONDITION", "DOWNGRADE", null, null));

        Files.writeString(StatusUrlNetwork.file(), "chain_id = \"cutover-status\"\ncurrent_release = \"not-semver\"\n");
        // whether its own check saw the broken file first or not, it has been read once this returns
        assertThat(networks.only().orElseThrow().reloadIfChanged()).as("a broken network file is not put in force").isFalse();
        assertThat(given().get("/api/v1/network").jsonPath().getString("currentRelease")).isEqualTo("v1.5.0");
        assertThat(given().get("/api/v1/network").jsonPath().getInt("validators.size()")).isEqualTo(TestNetwork.CONSENSUS.length + 1);

        Files.writeString(StatusUrlNetwork.file(), TestNetwork.toml(CHAIN, "v1.0.0"));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "v1.0.0".equals(given().get("/api/v1/network").jsonPath().getString("currentRelease")));
    }
}
