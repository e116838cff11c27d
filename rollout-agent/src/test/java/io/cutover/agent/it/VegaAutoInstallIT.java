package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.vega.StandInCore;
import io.cutover.core.proposal.Platform;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.TargetOrigin;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;
import io.cutover.testing.ReleaseArtifacts;

/**
 * The packaged agent on a Visor home with Kafka and network.toml: the release is not installed, so
 * it is looked up in a local imitation of GitHub's release API and downloaded (only this
 * platform's asset) before the height; a Cutover approval of the same tag and height supplies the
 * SHA-256 that the download is checked against; READY is reported on rollout.status before H as a
 * target announced by the chain.
 */
@ExtendWith(KafkaBrokerExtension.class)
class VegaAutoInstallIT {

    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void installsFromTheReleaseApiChecksTheApprovedChecksumAndReportsReadyBeforeTheHeight(KafkaBroker broker) throws Exception {
        String asset = "vega-" + Platform.current().replace('/', '-') + ".zip";
        Path staging = Files.createDirectories(dir.resolve("build"));
        byte[] zip = ReleaseArtifacts.zip(Map.of("vega", Files.readAllBytes(StandInCore.launcher("v0.2.0", staging.resolve("vega")))));
        Map<String, byte[]> assets = new LinkedHashMap<>();
        assets.put("vega-darwin-arm64.zip", new byte[0]);
        assets.put(asset, zip);
        ReleaseApi github = new ReleaseApi("v0.2.0", assets, () -> true);
        String base = github.base();
        Set<String> requested = github.requested;
        try {
            SimNetwork network = new SimNetwork(broker.bootstrapServers(), "vega-auto-install");
            Files.writeString(dir.resolve("network.toml"), network.networkToml().replace("current_release = \"v1.0.0\"", "current_release = \"v0.1.0\""));
            VisorHome home = new VisorHome(dir, """
                    [autoInstall]
                      enabled = true
                      repositoryOwner = "vegaprotocol"
                      repository = "vega"
                      apiBaseUrl = "%s"
                      [autoInstall.asset]
                        name = "%s"
                        binaryName = "vega"
                    [network]
                      file = "network.toml"
                      nodeName = "validator-2"
                    [kafka]
                      bootstrapServers = "%s"
                      heartbeatSeconds = 1
                    """.formatted(base, asset, broker.bootstrapServers()));
            Process agent = home.startAgent();
            try {
                await().atMost(LONG).until(() -> home.lastSeenHeight() >= 3);
                // 120 blocks of 100 ms: the approval must reach the agent and the release be staged before H,
                // also when the build runs other modules' tests beside this one
                long h = home.core.height() + 120;
                network.approve("v0.2.0", h, SimNetwork.sha256(bytesFile(zip)), 3);
                // READY "verified" needs the approval's SHA-256 when staging begins: the agent has read the approval
                // before the chain announces the upgrade (else it stages unverified first and races H to stage again)
                await().atMost(LONG).until(() -> home.agentLog(0).contains("approval record"));
                home.core.accept("v0.2.0", h);
                await().atMost(LONG).until(() -> home.phase().equals("RUNNING") && home.stateText().contains("\"runningRelease\" : \"v0.2.0\""));
                assertThat(home.stateText()).contains("\"haltedAtHeight\" : " + h);
                assertThat(requested).as("only this platform's asset is downloaded")
                        .contains("/download/v0.2.0/" + asset).doesNotContain("/download/v0.2.0/vega-darwin-arm64.zip");
                assertThat(Files.readString(dir.resolve("v0.2.0/.cutover-artifact.sha256")).trim())
                        .isEqualTo(SimNetwork.sha256(bytesFile(zip)));
                assertThat(Files.readString(dir.resolve("v0.2.0/run-config.toml"))).contains("[vega.rpc]").contains("\"datanode\", \"start\"");

                // state.json is written before the report is sent: wait for the report
                await().atMost(LONG).untilAsserted(() -> {
                    List<RolloutStatus> statuses = network.statuses("validator-2");
                    assertThat(statuses).as("READY before H, verified, as a target announced by the chain")
                            .anyMatch(s -> s.getPhase() == RolloutPhase.ROLLOUT_PHASE_READY && s.getReady() && s.getHeight() < h
                                    && s.getTargetOrigin() == TargetOrigin.TARGET_ORIGIN_CHAIN && s.getTargetHeight() == h
                                    && s.getTargetRelease().equals("v0.2.0") && s.getLastError().isEmpty()
                                    && s.getValidatorKey().equals(network.validators.get(1).publicKeyHex()));
                    assertThat(statuses).anyMatch(s -> s.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING
                            && s.getRunningRelease().equals("v0.2.0"));
                });
            } finally {
                VisorHome.stop(agent);
                network.close();
            }
        } finally {
            github.close();
        }
    }

    private Path bytesFile(byte[] bytes) throws Exception {
        Path file = Files.createTempFile(dir, "artifact", ".zip");
        Files.write(file, bytes);
        return file;
    }
}
