package io.cutover.localnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.cutover.core.tx.TransactionDecoder;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/** What a run achieved: a summary table per node and every way it fell short of the expected outcome. */
record RunResult(String summary, List<String> problems) {

    boolean succeeded() {
        return problems.isEmpty();
    }

    static RunResult from(Settings settings, long upgradeHeight, NetworkObserver observer, boolean settledInTime,
            List<String> proposerKeys, boolean tamperedReleaseRan, ChainTimeline chain, List<AlertReceiver.Received> alerts) {
        List<String> problems = new ArrayList<>();
        if (tamperedReleaseRan) {
            problems.add("the tampered release was executed although its SHA-256 is not the approved one");
        }
        if (!settledInTime) {
            problems.add("the rollout did not finish within " + settings.timeout().toSeconds() + " s");
        }
        checkApproval(observer, settings.chainId(), upgradeHeight, proposerKeys, problems)
                .ifPresent(approved -> checkAlerts(settings.chainId(), approved, alerts, problems));

        Map<String, RolloutStatus> latest = observer.latestByNode();
        StringBuilder table = new StringBuilder(String.format("%-16s %-11s %-9s %-10s %-11s %s%n",
                "node", "phase", "release", "halted at", "switchover", "note"));
        for (int i = 0; i < settings.validators(); i++) {
            String node = settings.nodeName(i);
            RolloutStatus s = latest.getOrDefault(node, RolloutStatus.getDefaultInstance());
            boolean expectFailure = settings.corruptNode().filter(node::equals).isPresent();
            String phase = s.getPhase().name().replace("ROLLOUT_PHASE_", "");
            table.append(String.format("%-16s %-11s %-9s %-10s %-11s %s%n", node, phase, s.getRunningRelease(),
                    s.getHaltedAtHeight() == 0 ? "-" : Long.toString(s.getHaltedAtHeight()),
                    s.getSwitchoverMillis() == 0 ? "-" : s.getSwitchoverMillis() + " ms",
                    expectFailure ? "corrupted artifact (expected to fail): " + s.getLastError() : s.getLastError()));
            if (expectFailure) {
                if (s.getPhase() != RolloutPhase.ROLLOUT_PHASE_FAILED) {
                    problems.add(node + " had a corrupted artifact but ended in " + phase + " instead of FAILED");
                }
            } else {
                if (s.getPhase() != RolloutPhase.ROLLOUT_PHASE_RUNNING || !s.getRunningRelease().equals(Settings.NEW_RELEASE)) {
                    problems.add(node + " ended in " + phase + " on " + s.getRunningRelease() + ", not RUNNING " + Settings.NEW_RELEASE
                            + (s.getLastError().isEmpty() ? "" : " (" + s.getLastError() + ")"));
                }
                if (s.getHaltedAtHeight() != upgradeHeight) {
                    problems.add(node + " halted at " + s.getHaltedAtHeight() + ", not at the upgrade height " + upgradeHeight);
                }
            }
        }
        if (settledInTime) {
            problems.addAll(chain.problems(Settings.GENESIS_RELEASE, Settings.NEW_RELEASE));
        }
        return new RunResult(table + chain.text(settings.blockInterval().toMillis()), List.copyOf(problems));
    }

    /** The webhook got the approval's alert, and no alert of this chain twice (nothing was killed in the walk). */
    private static void checkAlerts(String chainId, Approval approved, List<AlertReceiver.Received> alerts, List<String> problems) {
        String key = chainId + "/" + approved.getProposalId() + "/approved";
        if (alerts.stream().noneMatch(a -> a.key().equals(key))) {
            problems.add("the webhook got no alert " + key);
        }
        alerts.stream().filter(a -> a.chainId().equals(chainId))
                .collect(java.util.stream.Collectors.groupingBy(AlertReceiver.Received::key, java.util.stream.Collectors.counting()))
                .forEach((k, times) -> {
                    if (times > 1) {
                        problems.add("the webhook got alert " + k + " " + times + " times");
                    }
                });
    }

    /** The approval of this chain at the height, checked against the proposers; empty (a problem added) when there is none. */
    private static Optional<Approval> checkApproval(NetworkObserver observer, String chainId, long upgradeHeight, List<String> proposerKeys,
            List<String> problems) {
        Optional<Approval> approval = observer.approvals().stream()
                .filter(a -> a.getChainId().equals(chainId) && a.getStatus() == ApprovalStatus.APPROVAL_STATUS_APPROVED
                        && a.getHeight() == upgradeHeight)
                .findFirst();
        if (approval.isEmpty()) {
            problems.add("no approval of " + chainId + " for height " + upgradeHeight + " was published on upgrade.approvals");
            return Optional.empty();
        }
        Set<String> signers = new TreeSet<>();
        approval.get().getQuorumCertificateList().forEach(tx -> TransactionDecoder.decode(tx.toByteArray())
                .ifPresent(decoded -> signers.add(decoded.transaction().getPubKey())));
        if (!signers.equals(new TreeSet<>(proposerKeys))) {
            problems.add("the quorum certificate is signed by " + signers + ", not by the proposers " + proposerKeys);
        }
        return approval;
    }
}
