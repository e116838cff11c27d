package io.cutover.agent.domain;

import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import io.cutover.core.network.ValidatorInfo;

/**
 * The voting power back on a new release, as far as one agent knows: from the latest rollout.status
 * report of each node of the chain and the validators' power in network.toml. A node counts when it
 * reports running the release with its node up (STARTING or RUNNING); this agent's own node counts
 * when it runs the release, whatever its last report said.
 */
public final class PowerBack {

    private PowerBack() {
    }

    /**
     * One node's latest report.
     *
     * @param validatorKey the validator's public key ("" when the node reports none)
     * @param nodeUp       its phase is STARTING or RUNNING (a node in RETRYING or FAILED is stopped)
     */
    public record Report(String node, String validatorKey, String runningRelease, boolean nodeUp) {
    }

    /**
     * @param power      the voting power of the validators back on the release (0 when the power is unknown)
     * @param totalPower the power of every validator (0 when there is no network.toml)
     * @param nodes      how many reporting nodes run the release
     */
    public record Tally(String release, long power, long totalPower, int nodes) {

        /** "20 of 40 voting power back on v1.1.0", or without network.toml "2 nodes report v1.1.0". */
        public String describe() {
            if (totalPower == 0) {
                return nodes + (nodes == 1 ? " node reports " : " nodes report ") + release + " (voting power unknown without network.file)";
            }
            return power + " of " + totalPower + " voting power back on " + release;
        }
    }

    /**
     * @param release    the new release's tag
     * @param reports    the latest report of each node of the chain (this agent's own included or not)
     * @param self       this agent's own node, as it runs now
     * @param validators network.toml's validators (empty without network.toml: only nodes are counted)
     */
    public static Tally of(String release, Collection<Report> reports, Report self, List<ValidatorInfo> validators) {
        List<Report> on = Stream.concat(
                        reports.stream().filter(r -> !r.node().equals(self.node())), Stream.of(self))
                .filter(r -> r.nodeUp() && r.runningRelease().equals(release)).toList();
        long power = validators.stream().filter(v -> on.stream().anyMatch(r -> isOf(r, v)))
                .mapToLong(ValidatorInfo::votingPower).sum();
        long total = validators.stream().mapToLong(ValidatorInfo::votingPower).sum();
        return new Tally(release, power, total, on.size());
    }

    /** A report is a validator's when it names its key, or, without a key, its name. */
    private static boolean isOf(Report r, ValidatorInfo v) {
        return r.validatorKey().isEmpty() ? r.node().equals(v.name()) : r.validatorKey().equals(v.pubKey());
    }
}
