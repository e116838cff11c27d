package io.cutover.aggregator.messaging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.cutover.aggregator.domain.alert.Alert;
import io.cutover.aggregator.domain.alert.AlertRules;
import io.cutover.aggregator.domain.alert.NodeFacts;
import io.cutover.aggregator.domain.alert.UpgradeFacts;

/**
 * Raises each alert once across instances: only while this instance is active; on becoming active it reads
 * the alert log to its end, sends again what is still PENDING (same idempotency key) and raises only keys
 * not recorded; each new alert is recorded PENDING before it is sent and DELIVERED once every webhook took it.
 * Called from one thread of its own ({@link #tick}); delivery runs on the sender's threads.
 */
final class AlertDispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AlertDispatcher.class);

    /** What the rules are evaluated over. */
    record Situation(List<UpgradeFacts> upgrades, List<NodeFacts> nodes) {
    }

    private final String chainId;
    private final AlertRules rules;
    private final AlertLog log;
    private final Function<Consumer<Alert>, WebhookSender> senders;
    private final Map<String, AlertLog.State> raised = new ConcurrentHashMap<>();
    private WebhookSender sender;
    private String lastProblem;

    /** The alerts of {@code chainId}; {@code senders} makes a sender that calls the given callback for each alert delivered. */
    AlertDispatcher(String chainId, AlertRules rules, AlertLog log, Function<Consumer<Alert>, WebhookSender> senders) {
        this.chainId = chainId;
        this.rules = rules;
        this.log = log;
        this.senders = senders;
    }

    /** One evaluation at {@code now}; {@code active}: whether this instance does the work. */
    void tick(boolean active, Situation situation, Instant now) {
        if (!active) {
            standBy();
            return;
        }
        try {
            if (sender == null && !activate()) {
                return;
            }
            for (Alert alert : rules.due(situation.upgrades(), situation.nodes(), now, raised.keySet())) {
                if (!sender.hasRoom()) {
                    LOG.warnf("the alert delivery queue is full; %s waits for the next evaluation", alert.key());
                    break;
                }
                log.record(alert, AlertLog.State.PENDING);
                raised.put(alert.key(), AlertLog.State.PENDING);
                LOG.infof("alert %s: %s", alert.key(), alert.title());
                sender.submit(alert);
            }
            lastProblem = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            problem("the alert log " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; alerts wait until it is written");
        }
    }

    private boolean activate() throws Exception {
        log.ensureTopic();
        // the log holds every network's alerts: this dispatcher takes over its own network's only
        Map<String, AlertLog.Entry> recorded = new LinkedHashMap<>(log.readAll());
        recorded.values().removeIf(entry -> !entry.alert().chainId().equals(chainId));
        raised.clear();
        recorded.forEach((key, entry) -> raised.put(key, entry.state()));
        sender = senders.apply(this::delivered);
        List<Alert> pending = recorded.values().stream().filter(e -> e.state() == AlertLog.State.PENDING).map(AlertLog.Entry::alert).toList();
        LOG.infof("alerts of %s: %d recorded, %d of them not confirmed delivered and sent again with the same idempotency key",
                chainId, recorded.size(), pending.size());
        pending.forEach(sender::submit);
        return true;
    }

    private void delivered(Alert alert) {
        raised.put(alert.key(), AlertLog.State.DELIVERED);
        try {
            log.record(alert, AlertLog.State.DELIVERED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("alert %s was delivered but could not be recorded so (%s): the next active instance sends it again", alert.key(),
                    e.getMessage());
        }
    }

    private void standBy() {
        if (stopSending()) {
            LOG.infof("alerts of %s: standing by (the active instance sends them)", chainId);
        }
    }

    /** Stops this instance's sender; true when there was one. */
    private boolean stopSending() {
        if (sender == null) {
            return false;
        }
        sender.close();
        sender = null;
        raised.clear();
        return true;
    }

    private void problem(String text) {
        if (!text.equals(lastProblem)) {
            LOG.error(text);
        }
        lastProblem = text;
    }

    @Override
    public void close() {
        stopSending();
        log.close();
    }
}
