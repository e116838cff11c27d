package io.cutover.aggregator.domain.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.cutover.aggregator.domain.alert.Alert.Kind;

/**
 * Which alerts are due, given the upgrades and nodes as they are now and the keys already raised (by this
 * instance or, read back from the alert log, by any instance before it). Each event has one key, so an event
 * is raised once however often it is evaluated.
 *
 * <ul>
 * <li>approved ({@code <chain>/<id>/approved}) or announced by the chain ({@code .../announced}), while the
 *     network has not reached its height;</li>
 * <li>a lead before its estimated time ({@code .../before-PT24H}): of the leads already due only the shortest,
 *     so an upgrade approved six hours before its time gets the six-hour reminder and never the day-ahead one;</li>
 * <li>readiness short ({@code .../readiness-short}): an approved upgrade within {@code readinessLead} of its
 *     estimated time whose ready power is below the power the threshold needs;</li>
 * <li>a node FAILED ({@code <chain>/<id>/<node>/failed}), once per node and upgrade however often it fails;</li>
 * <li>stalled ({@code .../stalled}): the network reached the height {@code stallAfter} ago and has not moved past it.</li>
 * </ul>
 */
public final class AlertRules {

    private final AlertSettings settings;

    public AlertRules(AlertSettings settings) {
        this.settings = settings;
    }

    /** The alerts due at {@code now} whose key is not in {@code raised}, in a stable order. */
    public List<Alert> due(List<UpgradeFacts> upgrades, List<NodeFacts> nodes, Instant now, Set<String> raised) {
        List<Alert> due = new ArrayList<>();
        for (UpgradeFacts u : upgrades) {
            if (!u.reached()) {
                due.add(announced(u, now));
                lead(u, now).ifPresent(due::add);
                readinessShort(u, now).ifPresent(due::add);
            }
            stalled(u, now).ifPresent(due::add);
        }
        for (NodeFacts n : nodes) {
            if (n.failed()) {
                due.add(failed(n, now));
            }
        }
        return due.stream().filter(a -> !raised.contains(a.key())).toList();
    }

    private static Alert announced(UpgradeFacts u, Instant now) {
        String what = u.announcedByChain() ? "announced by the chain" : "approved";
        String text = u.upgradeId() + " on " + u.chainId() + " was " + what + ": " + u.releaseTag() + " at height " + u.height()
                + u.estimatedAt().map(t -> ", expected at " + t).orElse("") + ".";
        return alert(u, u.announcedByChain() ? Kind.ANNOUNCED : Kind.APPROVED, u.announcedByChain() ? "announced" : "approved",
                "Upgrade " + what + ": " + u.upgradeId() + " (" + u.chainId() + ")", text, now, figures(u));
    }

    private Optional<Alert> lead(UpgradeFacts u, Instant now) {
        if (u.estimatedAt().isEmpty()) {
            return Optional.empty();
        }
        Instant at = u.estimatedAt().get();
        Optional<Duration> shortestDue = settings.leads().stream().filter(lead -> !now.isBefore(at.minus(lead)))
                .reduce((longer, shorter) -> shorter);
        return shortestDue.map(lead -> {
            Map<String, Object> figures = figures(u);
            figures.put("lead", lead.toString());
            String text = u.upgradeId() + " on " + u.chainId() + ": height " + u.height() + " is expected at " + at + " (in about "
                    + words(Duration.between(now, at)) + "); ready power " + u.readyPower() + " of the " + u.requiredPower() + " needed.";
            return alert(u, Kind.LEAD, "before-" + lead, "Upgrade in " + words(lead) + ": " + u.upgradeId() + " (" + u.chainId() + ")",
                    text, now, figures);
        });
    }

    private Optional<Alert> readinessShort(UpgradeFacts u, Instant now) {
        if (u.announcedByChain() || u.estimatedAt().isEmpty() || u.readyPower() >= u.requiredPower()
                || now.isBefore(u.estimatedAt().get().minus(settings.readinessLead()))) {
            return Optional.empty();
        }
        String text = u.upgradeId() + " on " + u.chainId() + ": only " + u.readyPower() + " voting power has staged and verified "
                + u.releaseTag() + ", " + u.requiredPower() + " is needed; height " + u.height() + " is expected at "
                + u.estimatedAt().get() + ". Without enough ready validators the network halts at the height.";
        return Optional.of(alert(u, Kind.READINESS_SHORT, "readiness-short", "Not enough validators ready: " + u.upgradeId() + " ("
                + u.chainId() + ")", text, now, figures(u)));
    }

    private Optional<Alert> stalled(UpgradeFacts u, Instant now) {
        if (u.reachedAt().isEmpty() || u.networkHeight() > u.height() || now.isBefore(u.reachedAt().get().plus(settings.stallAfter()))) {
            return Optional.empty();
        }
        Map<String, Object> figures = figures(u);
        figures.put("reached_at", u.reachedAt().get().toString());
        String text = u.chainId() + " reached height " + u.height() + " (" + u.upgradeId() + ") at " + u.reachedAt().get()
                + " and has not moved past it for " + words(Duration.between(u.reachedAt().get(), now)) + "; ready power "
                + u.readyPower() + " of the " + u.requiredPower() + " needed.";
        return Optional.of(alert(u, Kind.STALLED, "stalled", "Chain halted at the upgrade height: " + u.upgradeId() + " ("
                + u.chainId() + ")", text, now, figures));
    }

    private static Alert failed(NodeFacts n, Instant now) {
        String upgrade = n.targetId().isEmpty() ? "no-upgrade" : n.targetId();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("node", n.node());
        figures.put("last_error", n.lastError());
        String text = "The rollout agent of " + n.node() + " on " + n.chainId() + " reports FAILED"
                + (n.targetId().isEmpty() ? "" : " for " + n.targetId()) + (n.lastError().isEmpty() ? "." : ": " + n.lastError());
        return new Alert(n.chainId() + "/" + upgrade + "/" + n.node() + "/failed", Kind.NODE_FAILED, n.chainId(), n.targetId(),
                "Node FAILED: " + n.node() + " (" + n.chainId() + ")", text, now, figures);
    }

    private static Alert alert(UpgradeFacts u, Kind kind, String event, String title, String text, Instant now, Map<String, Object> figures) {
        return new Alert(u.chainId() + "/" + u.upgradeId() + "/" + event, kind, u.chainId(), u.upgradeId(), title, text, now, figures);
    }

    private static Map<String, Object> figures(UpgradeFacts u) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("release_tag", u.releaseTag());
        figures.put("height", u.height());
        figures.put("network_height", u.networkHeight());
        u.estimatedAt().ifPresent(t -> figures.put("estimated_at", t.toString()));
        figures.put("ready_power", u.readyPower());
        figures.put("required_power", u.requiredPower());
        return figures;
    }

    /** "23 h 59 min", "45 min", "less than a minute". */
    static String words(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes == 0) {
            return "less than a minute";
        }
        return minutes >= 60 ? (minutes / 60) + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min") : minutes + " min";
    }
}
