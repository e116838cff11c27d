package io.cutover.proposal.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.pow.ProofOfWorkRules;
import io.cutover.core.tx.TransactionDecoder;
import io.cutover.core.validation.NetworkView;
import io.cutover.core.validation.TransactionValidator;
import io.cutover.core.validation.ValidationPolicy;
import io.cutover.core.validation.Verdict;
import io.cutover.proposal.config.ProposalServiceConfig;
import io.cutover.proposal.config.ServedNetworks;
import io.cutover.proposal.messaging.TransactionLog;
import io.cutover.proto.v1.AcceptedTransaction;

/**
 * One submission from bytes to answer: core's pipeline (cheap checks, the signature once, the
 * network rules), then the ledger and allowance, then the durable write. Accepted means Kafka
 * acknowledged it; if Kafka cannot take it the reservation is released and the answer is
 * BUS_UNAVAILABLE, so a retry works. Refused transactions never reach Kafka.
 */
@ApplicationScoped
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class);
    /** Refusals that say the transaction belongs to another network of its signer, if any. */
    private static final Set<RefusalReason> NOT_THIS_NETWORK = EnumSet.of(RefusalReason.SIGNATURE_INVALID, RefusalReason.NOT_CONSENSUS_VALIDATOR);

    private final ServedNetworks networks;
    private final TransactionLog log;
    private final SubmissionMetrics metrics;
    private final ValidationPolicy policy;
    private final Clock clock = Clock.systemUTC();

    public SubmissionService(ServedNetworks networks, TransactionLog log, SubmissionMetrics metrics, ProposalServiceConfig config) {
        this.networks = networks;
        this.log = log;
        this.metrics = metrics;
        this.policy = new ValidationPolicy(config.maxTxBytes(), config.acceptV2());
    }

    /** A verdict and the network that judged it. */
    private record Judged(ServedNetwork network, NetworkView view, Verdict verdict) {
    }

    /** Completes with the verdict: {@link Verdict.Accepted} once durable, else {@link Verdict.Refused}. Never fails. */
    public CompletionStage<Verdict> submit(byte[] raw) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Judged judged = route(raw, now);
        NetworkView view = judged.view();
        SubmissionLedger ledger = judged.network().ledger();
        Verdict verdict = judged.verdict();
        if (verdict instanceof Verdict.Accepted candidate) {
            if (!ledger.isRebuilt()) {
                verdict = Verdict.refused(RefusalReason.BUS_UNAVAILABLE, "still reading upgrade.transactions back; retry shortly");
            } else {
                verdict = ledger.reserve(candidate, now, view.network().spamPow().enabled());
            }
        }
        if (verdict instanceof Verdict.Refused refused) {
            metrics.refused(refused.reason(), started);
            return CompletableFuture.completedFuture(refused);
        }
        Verdict.Accepted accepted = (Verdict.Accepted) verdict;
        return log.append(record(accepted, view, now)).handle((ok, error) -> {
            if (error == null) {
                metrics.accepted(started);
                return accepted;
            }
            ledger.release(accepted);
            LOG.warnf("Kafka did not take transaction %s (%s); answered BUS_UNAVAILABLE", accepted.tx().txHash(), error.toString());
            metrics.refused(RefusalReason.BUS_UNAVAILABLE, started);
            return Verdict.refused(RefusalReason.BUS_UNAVAILABLE, "Kafka could not take the transaction; nothing was recorded, retry");
        });
    }

    /**
     * Every rule {@link #submit} applies, with nothing reserved, spent or written (CheckTransaction);
     * only the allowance is not judged, since checking must not spend it.
     */
    public Verdict check(byte[] raw) {
        Judged judged = route(raw, clock.instant());
        Verdict verdict = judged.verdict();
        if (verdict instanceof Verdict.Accepted candidate) {
            return judged.network().ledger().check(candidate, judged.view().network().spamPow().enabled());
        }
        return verdict;
    }

    /**
     * A Vega transaction carries no chain id: it is judged by the networks where its signer is a validator, in turn,
     * until one is not a refusal for the signature or the signer's power there; that network's verdict stands. A signer
     * that is a validator nowhere (or bytes that do not decode) is judged by the first network, which refuses it as a
     * single network would.
     */
    private Judged route(byte[] raw, Instant now) {
        List<ServedNetwork> candidates = TransactionDecoder.decode(raw)
                .map(tx -> networks.forValidator(tx.transaction().getPubKey())).orElse(List.of());
        if (candidates.isEmpty()) {
            candidates = List.of(networks.all().iterator().next());
        }
        Judged first = null;
        for (ServedNetwork network : candidates) {
            NetworkView view = view(network, now);
            Judged judged = new Judged(network, view, judge(raw, network, view));
            if (!(judged.verdict() instanceof Verdict.Refused refused) || !NOT_THIS_NETWORK.contains(refused.reason())) {
                return judged;
            }
            first = first == null ? judged : first;
        }
        return first;
    }

    /** core's pipeline, then the proof of work when the network asks for one. */
    private Verdict judge(byte[] raw, ServedNetwork network, NetworkView view) {
        Verdict verdict = TransactionValidator.validate(raw, view, policy);
        if (verdict instanceof Verdict.Accepted candidate && view.network().spamPow().enabled()) {
            Optional<Verdict.Refused> pow = ProofOfWorkRules.check(candidate.tx().transaction().getPow(),
                    candidate.tx().inputData().getBlockHeight(), view.networkHeight().orElseThrow(), view.network().spamPow(),
                    h -> network.blocks().hash(view.network(), h));
            if (pow.isPresent()) {
                return pow.get();
            }
        }
        return verdict;
    }

    /** The hash of the block at the network height, what a proof of work is computed on; empty while unknown. */
    public Optional<String> blockHash(ServedNetwork network, NetworkView view) {
        return view.networkHeight().isPresent() ? network.blocks().hash(view.network(), view.networkHeight().getAsLong()) : Optional.empty();
    }

    /** The network as the rules see it now. */
    public static NetworkView view(ServedNetwork served, Instant now) {
        NetworkConfig network = served.current();
        OptionalLong height = served.height().current(network, now);
        return new NetworkView(network, served.releases().current(network, height), height, served.upgrades());
    }

    public NetworkView view(ServedNetwork served) {
        return view(served, clock.instant());
    }

    private static AcceptedTransaction record(Verdict.Accepted accepted, NetworkView view, Instant now) {
        return AcceptedTransaction.newBuilder()
                .setChainId(view.network().chainId())
                .setTx(ByteString.copyFrom(accepted.tx().raw()))
                .setTxHash(accepted.tx().txHash())
                .setSigner(accepted.signer())
                .setProposalId(accepted.proposalId())
                .setCommand(accepted.kind())
                .setReceivedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setNetworkHeight(view.networkHeight().orElse(0))
                .build();
    }
}
