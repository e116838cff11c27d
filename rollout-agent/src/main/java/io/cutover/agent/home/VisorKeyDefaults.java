package io.cutover.agent.home;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a missing Visor key of config.toml reads as. Under {@code [upgrade] source = "vega-core"}
 * (the Visor drop-in) it is what Visor reads: Go's zero value, because Visor's {@code NewVisorConfig}
 * applies no defaults (only {@code visor init} writes them). So no {@code [autoInstall]} section, or
 * no {@code enabled} in it, means no downloads; 0 connection retries, 0 restarts, no restart delay and
 * no wait between SIGTERM and SIGKILL. Under the other sources a missing key gets Cutover's documented
 * default instead (the values {@code visor init} and {@code rollout-agent init} write).
 *
 * @param binaryName {@code autoInstall.asset.binaryName} when missing; empty: the asset's name (Visor)
 */
public record VisorKeyDefaults(int firstConnectionRetries, int restartConnectionRetries, int maxRestarts, int restartsDelaySeconds,
        int stopSignalTimeoutSeconds, boolean autoInstallEnabled, String repositoryOwner, String repository, String assetName,
        Optional<String> binaryName) {

    /** Visor's reading of a missing key (source "vega-core"). */
    static final VisorKeyDefaults GO_ZERO = new VisorKeyDefaults(0, 0, 0, 0, 0, false, "", "", "", Optional.empty());

    /** Cutover's documented defaults (sources "cutover" and "cosmos"). */
    static final VisorKeyDefaults CUTOVER = new VisorKeyDefaults(AgentConfigParser.DEFAULT_FIRST_CONNECTION_RETRIES,
            AgentConfigParser.DEFAULT_RESTART_CONNECTION_RETRIES, AgentConfigParser.DEFAULT_MAX_RESTARTS,
            AgentConfigParser.DEFAULT_RESTARTS_DELAY_SECONDS, AgentConfigParser.DEFAULT_STOP_SIGNAL_TIMEOUT_SECONDS, true,
            "vegaprotocol", "vega", "vega-linux-amd64.zip", Optional.of("vega"));

    /**
     * One line for each Visor key of {@code config} whose zero value changes what happens, so that a
     * key missing from a Visor config.toml is not silently 0 (empty for the other sources, whose
     * missing keys get Cutover's defaults).
     */
    public static List<String> zeroValueNotes(AgentConfig config) {
        List<String> notes = new ArrayList<>();
        if (config.upgrade().source() != AgentConfig.Source.VEGA_CORE) {
            return notes;
        }
        String zero = " is 0 (a missing key reads as 0, as in Visor; visor init writes ";
        if (config.maxNumberOfFirstConnectionRetries() == 0) {
            notes.add("maxNumberOfFirstConnectionRetries" + zero + "175000): an admin socket still failing 2 s after a start (Visor's first tick) stops the node and the agent exits 1");
        }
        if (config.maxNumberOfRestartConnectionRetries() == 0) {
            notes.add("maxNumberOfRestartConnectionRetries" + zero + "10): an admin socket still failing 2 s after a crash restart stops the node and the agent exits 1");
        }
        if (config.maxNumberOfRestarts() == 0) {
            notes.add("maxNumberOfRestarts" + zero + "3): a crashed node is not restarted; the agent stops the other process and exits 1");
        }
        if (config.stopSignalTimeout().isZero()) {
            notes.add("stopSignalTimeoutSeconds" + zero + "15): the node gets SIGKILL right after SIGTERM, with no time to shut down");
        }
        if (!config.autoInstall().enabled()) {
            notes.add("autoInstall.enabled is false (no [autoInstall] section, or no enabled in it, reads as false, as in Visor):"
                    + " a release is never downloaded; its folder must be in the home");
        }
        return notes;
    }
}
