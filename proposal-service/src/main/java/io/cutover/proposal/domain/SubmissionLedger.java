package io.cutover.proposal.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;


import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.validation.Ledger;
import io.cutover.core.validation.LedgerRules;
import io.cutover.core.validation.RateLimit;
import io.cutover.core.validation.TokenBucket;
import io.cutover.core.validation.Verdict;
import io.cutover.proposal.config.ProposalServiceConfig;

/**
 * What this service has accepted: transaction hashes, each validator's nonces and allowance.
 * A transaction is reserved (hash and nonce taken, one token spent) before it is written to
 * Kafka, so two concurrent copies cannot both pass; if the write fails the reservation is
 * released and a retry is judged afresh. The decisions are core's pure rules.
 */
public class SubmissionLedger implements Ledger {

    private final RateLimit rateLimit;
    private final Set<String> seenHashes = new HashSet<>();
    private final Map<String, Set<Long>> noncesBySigner = new HashMap<>();
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final Set<String> seenTids = new HashSet<>();
    private volatile boolean rebuilt;

    public SubmissionLedger(ProposalServiceConfig config) {
        this.rateLimit = new RateLimit(config.rateLimit().burst(), config.rateLimit().perMinute());
    }

    /**
     * The ledger rules (and, with proof of work on, the tid unseen) and the allowance; on success the hash,
     * nonce and tid are taken until {@link #release}.
     */
    public synchronized Verdict reserve(Verdict.Accepted candidate, Instant now, boolean proofOfWork) {
        Verdict verdict = check(candidate, proofOfWork);
        if (!(verdict instanceof Verdict.Accepted accepted)) {
            return verdict;
        }
        TokenBucket.Take take = buckets.getOrDefault(accepted.signer(), TokenBucket.full(rateLimit, now)).take(rateLimit, now);
        buckets.put(accepted.signer(), take.bucket());
        if (!take.allowed()) {
            return Verdict.refused(RefusalReason.RATE_LIMITED, "validator submits faster than " + rateLimit.burst() + " at once and "
                    + rateLimit.refillPerMinute() + " a minute; retry later");
        }
        remember(accepted.tx().txHash(), accepted.signer(), accepted.tx().inputData().getNonce(), tid(accepted));
        return accepted;
    }

    /** The ledger rules and the tid rule, nothing taken (CheckTransaction). */
    public synchronized Verdict check(Verdict.Accepted candidate, boolean proofOfWork) {
        Verdict verdict = LedgerRules.check(candidate, this);
        if (verdict instanceof Verdict.Accepted && proofOfWork && seenTids.contains(tid(candidate))) {
            return Verdict.refused(RefusalReason.PROOF_OF_WORK_TID_REUSED, "proof of work tid already used: " + tid(candidate));
        }
        return verdict;
    }

    private static String tid(Verdict.Accepted accepted) {
        return accepted.tx().transaction().getPow().getTid();
    }

    /** Forgets a reservation whose write failed, and gives its token back. */
    public synchronized void release(Verdict.Accepted accepted) {
        seenHashes.remove(accepted.tx().txHash());
        Set<Long> nonces = noncesBySigner.get(accepted.signer());
        if (nonces != null) {
            nonces.remove(accepted.tx().inputData().getNonce());
        }
        seenTids.remove(tid(accepted));
        buckets.computeIfPresent(accepted.signer(), (k, bucket) -> bucket.giveBack(rateLimit));
    }

    /** Records a transaction read back from upgrade.transactions. */
    public synchronized void remember(String txHash, String signer, long nonce, String tid) {
        seenHashes.add(txHash);
        noncesBySigner.computeIfAbsent(signer, k -> new HashSet<>()).add(nonce);
        if (!tid.isEmpty()) {
            seenTids.add(tid);
        }
    }

    /** How many transactions of this signer were accepted (or are being written). */
    public synchronized int acceptedCount(String signer) {
        Set<Long> nonces = noncesBySigner.get(signer);
        return nonces == null ? 0 : nonces.size();
    }

    public void markRebuilt() {
        rebuilt = true;
    }

    /** False until upgrade.transactions has been read back; until then nothing is accepted. */
    public boolean isRebuilt() {
        return rebuilt;
    }

    public synchronized int size() {
        return seenHashes.size();
    }

    @Override
    public synchronized boolean hasSeen(String txHash) {
        return seenHashes.contains(txHash);
    }

    @Override
    public synchronized boolean nonceUsed(String signer, long nonce) {
        Set<Long> nonces = noncesBySigner.get(signer);
        return nonces != null && nonces.contains(nonce);
    }
}
