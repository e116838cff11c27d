package io.cutover.agent.vega;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin JSON-RPC client against the stand-in core's real unix socket, and every reply shape. */
class AdminRpcTest {

    @TempDir
    static Path dir;
    private static StandInCore core;
    private static final AdminRpc RPC = new AdminRpc(1000);

    @BeforeAll
    static void startCore() throws Exception {
        core = new StandInCore(dir.resolve("core"), dir.resolve("vega.sock")).start(StandInCore.launcher("v0.1.0", dir.resolve("vega")));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> RPC.upgradeStatus(core.socket, "/rpc") != null);
    }

    @AfterAll
    static void stopCore() throws Exception {
        core.close();
        RPC.close();
    }

    @Test
    void readsTheAcceptedReleaseAndReadyToUpgradeOverTheUnixSocket() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> core.height() >= 2);
        AdminRpc.UpgradeStatus none = RPC.upgradeStatus(core.socket, "/rpc");
        assertThat(none).isEqualTo(new AdminRpc.UpgradeStatus(Optional.of(new AdminRpc.UpgradeStatus.Accepted("", 0)), false));
        long h = core.height() + 5;
        core.accept("v0.2.0", h);
        await().atMost(Duration.ofSeconds(30)).until(() -> RPC.upgradeStatus(core.socket, "/rpc").accepted().get().height() == h);
        await().atMost(Duration.ofSeconds(30)).until(() -> RPC.upgradeStatus(core.socket, "/rpc").readyToUpgrade());
        assertThat(core.height()).as("snapshot at H, stopped at the start of H+1").isEqualTo(h);
        assertThat(core.read("snapshot-" + h)).isNotEmpty();
    }

    @Test
    void aWrongPathOrNoSocketIsAFailure() throws Exception {
        AdminRpc.Failure wrongPath = catchThrowableOfType(AdminRpc.Failure.class, () -> RPC.upgradeStatus(core.socket, "/nope"));
        assertThat(wrongPath.answered()).isTrue();
        assertThat(wrongPath.getMessage()).contains("HTTP 404");
        AdminRpc.Failure noSocket = catchThrowableOfType(AdminRpc.Failure.class, () -> RPC.upgradeStatus(dir.resolve("none.sock"), "/rpc"));
        assertThat(noSocket.answered()).isFalse();
        assertThat(noSocket.getMessage()).contains("did not answer");
    }

    @Test
    void aSocketThatNeverAnswersTimesOut() throws Exception {
        core.write("admin-silent", "");
        try {
            AdminRpc.Failure silent = catchThrowableOfType(AdminRpc.Failure.class, () -> RPC.upgradeStatus(core.socket, "/rpc"));
            assertThat(silent.answered()).isFalse();
            assertThat(silent.getMessage()).contains("no answer within 1000 ms");
        } finally {
            core.delete("admin-silent");
        }
    }

    @Test
    void everyReplyShapeIsReadOrRefusedWithItsReason() throws Exception {
        assertThat(RPC.parse("{\"result\":{\"AcceptedReleaseInfo\":{\"VegaReleaseTag\":\"v0.79.0\",\"UpgradeBlockHeight\":12345},"
                + "\"ReadyToUpgrade\":false},\"error\":null,\"id\":7}", 7))
                .isEqualTo(new AdminRpc.UpgradeStatus(Optional.of(new AdminRpc.UpgradeStatus.Accepted("v0.79.0", 12345)), false));
        assertThat(RPC.parse("{\"result\":{\"acceptedreleaseinfo\":null,\"readyToUpgrade\":true},\"error\":null,\"id\":7}", 7))
                .as("Go decodes keys case-insensitively; null before the first block")
                .isEqualTo(new AdminRpc.UpgradeStatus(Optional.empty(), true));
        assertThat(refusal("<html>busy</html>")).contains("not a JSON-RPC reply");
        assertThat(refusal("{\"result\":null,\"error\":\"engine not ready\",\"id\":7}")).contains("engine not ready");
        assertThat(refusal("{\"result\":{\"ReadyToUpgrade\":false},\"error\":null,\"id\":8}")).contains("to request 7");
        assertThat(refusal("{\"result\":{\"AcceptedReleaseInfo\":null},\"error\":null,\"id\":7}")).contains("ReadyToUpgrade");
        assertThat(refusal("{\"result\":{\"ReadyToUpgrade\":false},\"error\":null,\"id\":7}")).contains("no AcceptedReleaseInfo");
        assertThat(refusal("{\"result\":{\"AcceptedReleaseInfo\":{\"VegaReleaseTag\":\"v1\"},\"ReadyToUpgrade\":false},\"error\":null,\"id\":7}"))
                .contains("UpgradeBlockHeight");
    }

    @Test
    void aReplyThatIsNotJsonRpcFromTheSocketIsRefused() throws Exception {
        core.write("admin-reply", "OK\n");
        try {
            AdminRpc.Failure f = catchThrowableOfType(AdminRpc.Failure.class, () -> RPC.upgradeStatus(core.socket, "/rpc"));
            assertThat(f.answered()).isTrue();
            assertThat(f.getMessage()).contains("not a JSON-RPC reply");
        } finally {
            core.delete("admin-reply");
        }
    }

    private static String refusal(String reply) {
        return catchThrowableOfType(AdminRpc.Failure.class, () -> RPC.parse(reply, 7)).getMessage();
    }
}
