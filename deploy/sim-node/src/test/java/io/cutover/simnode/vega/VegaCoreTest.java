package io.cutover.simnode.vega;

import static io.cutover.simnode.Processes.await;
import static io.cutover.simnode.Processes.freePort;
import static io.cutover.simnode.Processes.height;
import static io.cutover.simnode.Processes.read;
import static io.cutover.simnode.Processes.stop;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in core and data node as real processes at a protocol upgrade, and its admin JSON-RPC. */
class VegaCoreTest {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            signal(p, "CONT");
            stop(p);
        }
    }

    @Test
    void atTheUpgradeHeightTheCoreStopsItsRpcWaitsForItsDataNodeAndARestartWithoutTheSnapshotIsNeverReady() throws Exception {
        Path home = dir.resolve("core");
        Path socket = dir.resolve("admin.sock");
        int port = freePort();
        Path launcher = VegaCore.writeLauncher("v0.1.0", dir.resolve("vega"), VegaCore.ownJar());
        List<String> core = List.of(launcher.toString(), "start", "--home", home.toString(), "--port", Integer.toString(port),
                "--admin-socket", socket.toString(), "--block-interval", "50ms");
        Process coreProcess = start(core, "core.log", Map.of());
        Process dataNode = start(List.of(launcher.toString(), "datanode", "start", "--home", home.toString()), "datanode.log", Map.of());
        await("the data node registered", () -> Files.exists(home.resolve(DataNode.PID_FILE)));
        await("blocks", () -> height(port) >= 2);
        signal(dataNode, "STOP"); // a data node still busy with the events of H

        long h = height(port) + 4;
        Files.writeString(home.resolve(CoreChain.ACCEPTED_FILE), "v0.2.0 " + h);
        await("the core waits for its data node", () -> read(dir.resolve("core.log")).contains("waiting for the data node"));
        assertThat(read(home.resolve("snapshot-" + h))).as("snapshot at H").isNotEmpty();
        assertThat(read(home.resolve(CoreChain.HEIGHT_FILE)).trim()).isEqualTo(Long.toString(h));
        assertThat(height(port)).as("CometBFT RPC stopped").isEqualTo(-1);
        assertThat(AdminCall.upgradeStatus(socket).body()).as("not ready before the data node").contains("\"ReadyToUpgrade\":false");

        signal(dataNode, "CONT");
        await("ReadyToUpgrade", () -> adminBody(socket).contains("\"ReadyToUpgrade\":true"));
        assertThat(read(dir.resolve("datanode.log"))).contains("ready for the protocol upgrade");

        stop(coreProcess);
        start(core, "core-restarted.log", Map.of());
        await("the restarted core answers at H", () -> height(port) == h);
        await("its upgrade status", () -> adminBody(socket).contains("\"VegaReleaseTag\":\"v0.2.0\",\"UpgradeBlockHeight\":" + h));
        assertThat(adminBody(socket)).contains("\"ReadyToUpgrade\":false");
        assertThat(read(dir.resolve("core-restarted.log"))).contains("loaded the latest snapshot at height " + h
                + "; the protocol upgrade to v0.2.0 started at height " + h + ": release v0.1.0 takes no block after it");
    }

    @Test
    void theAdminSocketDefaultsToTmpdirAndAnswersAsGorillaRpc() throws Exception {
        Path home = dir.resolve("core");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path launcher = VegaCore.writeLauncher("v0.1.0", dir.resolve("vega"), VegaCore.ownJar());
        start(List.of(launcher.toString(), "start", "--home", home.toString(), "--port", Integer.toString(freePort())), "core.log",
                Map.of("TMPDIR", tmp.toString()));
        Path socket = tmp.resolve("vega.sock");
        await("the socket in $TMPDIR", () -> adminBody(socket).contains("\"ReadyToUpgrade\":false"));

        AdminCall noParams = AdminCall.post(socket, "/rpc", "{\"method\":\"protocolupgrade.UpgradeStatus\",\"id\":1}");
        assertThat(noParams.status()).isEqualTo(400);
        assertThat(noParams.body()).isEqualTo("rpc: method request ill-formed: missing params field");
        AdminCall unknownMethod = AdminCall.post(socket, "/rpc", "{\"method\":\"protocolupgrade.Nope\",\"params\":[null],\"id\":1}");
        assertThat(unknownMethod.status()).isEqualTo(400);
        assertThat(unknownMethod.body()).isEqualTo("rpc: can't find method \"protocolupgrade.Nope\"");
        AdminCall unknownService = AdminCall.post(socket, "/rpc", "{\"method\":\"nope.UpgradeStatus\",\"params\":[null],\"id\":1}");
        assertThat(unknownService.body()).isEqualTo("rpc: can't find service \"nope.UpgradeStatus\"");
    }

    @Test
    void theSocketPathComesFromTheCoresConfigUnlessAnOptionNamesIt() throws Exception {
        Path home = dir.resolve("core");
        Files.createDirectories(home.resolve("config/node"));
        Files.writeString(home.resolve(AdminConfig.CONFIG_FILE), """
                [Admin]
                  Level = "Info"
                  [Admin.Server]
                    SocketPath = "/run/vega/admin.sock"  # the operator's choice
                    HTTPPath = "/admin"
                [API]
                  SocketPath = "/elsewhere"
                """);
        assertThat(AdminConfig.of(Map.of(), home)).isEqualTo(new AdminConfig(Path.of("/run/vega/admin.sock"), "/admin"));
        assertThat(AdminConfig.of(Map.of("admin-socket", "/x.sock"), home)).isEqualTo(new AdminConfig(Path.of("/x.sock"), "/admin"));
    }

    private Process start(List<String> command, String log, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    private static void signal(Process p, String signal) {
        try {
            if (p.isAlive()) {
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String adminBody(Path socket) {
        try {
            return AdminCall.upgradeStatus(socket).body();
        } catch (IOException e) {
            return "";
        }
    }
}
