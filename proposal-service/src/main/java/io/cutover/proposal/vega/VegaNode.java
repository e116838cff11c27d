package io.cutover.proposal.vega;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ServedChains;
import io.cutover.core.outcome.Refusal;
import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.pow.SpamPow;
import io.cutover.core.tx.Digests;
import io.cutover.core.tx.TransactionDecoder;
import io.cutover.core.validation.NetworkView;
import io.cutover.core.validation.Verdict;
import io.cutover.proposal.config.ProposalServiceConfig;
import io.cutover.proposal.config.ServedNetworks;
import io.cutover.proposal.domain.ServedNetwork;
import io.cutover.proposal.grpc.GrpcRefusals;
import io.cutover.proposal.domain.SubmissionService;
import io.cutover.proto.vega.api.CheckTransactionResponse;
import io.cutover.proto.vega.api.GetSpamStatisticsResponse;
import io.cutover.proto.vega.api.GetVegaTimeResponse;
import io.cutover.proto.vega.api.LastBlockHeightResponse;
import io.cutover.proto.vega.api.PoWBlockState;
import io.cutover.proto.vega.api.PoWStatistic;
import io.cutover.proto.vega.api.SpamStatistic;
import io.cutover.proto.vega.api.SpamStatistics;
import io.cutover.proto.vega.api.Statistics;
import io.cutover.proto.vega.api.StatisticsResponse;
import io.cutover.proto.vega.api.SubmitRawTransactionResponse;
import io.cutover.proto.vega.api.SubmitTransactionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * proposal-service as a Vega node: the answers of {@code vega.api.v1.CoreService}, shared by the gRPC
 * service and the REST gateway. Transactions go through {@link SubmissionService}, the same pipeline
 * and durable write as {@code cutover.v1}; this class only translates verdicts into Vega's
 * success / code / data / txHash.
 */
@ApplicationScoped
public class VegaNode {

    private static final Pattern PARTY_ID = Pattern.compile("[0-9a-f]{64}");

    private final SubmissionService submissions;
    private final ServedNetworks networks;
    private final int rateLimitBurst;
    private final Clock clock = Clock.systemUTC();
    private final Instant started = clock.instant();

    public VegaNode(SubmissionService submissions, ServedNetworks networks, ProposalServiceConfig config) {
        this.submissions = submissions;
        this.networks = networks;
        this.rateLimitBurst = config.rateLimit().burst();
    }

    /** SubmitTransaction (always sync, as Vega); a refusal that is no verdict on the transaction fails with UNAVAILABLE. */
    public CompletionStage<SubmitTransactionResponse> submit(byte[] raw) {
        String txHash = Digests.sha256Hex(raw);
        return submissions.submit(raw).thenApply(verdict -> {
            SubmitTransactionResponse.Builder response = SubmitTransactionResponse.newBuilder().setTxHash(txHash);
            if (verdict instanceof Verdict.Accepted accepted) {
                return response.setSuccess(true).setCode(AbciCodes.OK).setLog(accepted.proposalId()).build();
            }
            Refusal refusal = refusalOrThrow(verdict);
            return response.setSuccess(false).setCode(code(refusal, raw)).setData(refusal.toString()).build();
        });
    }

    /** SubmitRawTransaction: success is true whenever the node answered, and data is upper-case hex, as Vega's. */
    public static SubmitRawTransactionResponse raw(SubmitTransactionResponse submitted) {
        return SubmitRawTransactionResponse.newBuilder().setSuccess(true).setTxHash(submitted.getTxHash()).setCode(submitted.getCode())
                .setData(HexFormat.of().withUpperCase().formatHex(submitted.getData().getBytes(StandardCharsets.UTF_8)))
                .setLog(submitted.getLog()).build();
    }

    /** CheckTransaction: every rule, nothing written. */
    public CheckTransactionResponse check(byte[] raw) {
        Verdict verdict = submissions.check(raw);
        if (verdict instanceof Verdict.Accepted accepted) {
            return CheckTransactionResponse.newBuilder().setSuccess(true).setCode(AbciCodes.OK).setLog(accepted.proposalId()).build();
        }
        Refusal refusal = refusalOrThrow(verdict);
        return CheckTransactionResponse.newBuilder().setSuccess(false).setCode(code(refusal, raw)).setData(refusal.toString()).build();
    }

    /** LastBlockHeight: the network height, its block hash and the proof-of-work parameters; UNAVAILABLE while no height is known. */
    public LastBlockHeightResponse lastBlockHeight() {
        ServedNetwork served = network("");
        NetworkView view = submissions.view(served);
        if (view.networkHeight().isEmpty()) {
            throw Status.UNAVAILABLE.withDescription("server is initialising: the network height is not known yet").asRuntimeException();
        }
        SpamPow pow = view.network().spamPow();
        return LastBlockHeightResponse.newBuilder()
                .setHeight(view.networkHeight().getAsLong())
                .setHash(submissions.blockHash(served, view).orElse(""))
                .setSpamPowHashFunction(pow.hashFunction())
                .setSpamPowDifficulty(pow.difficulty())
                .setSpamPowNumberOfPastBlocks(pow.numberOfPastBlocks())
                .setSpamPowNumberOfTxPerBlock(pow.numberOfTxPerBlock())
                .setSpamPowIncreasingDifficulty(pow.increaseDifficulty())
                .setChainId(view.network().chainId())
                .build();
    }

    /** Statistics: what Cutover knows of the network; the times are this service's clock (Cutover has no consensus time). */
    public StatisticsResponse statistics() {
        ServedNetwork served = network("");
        NetworkView view = submissions.view(served);
        Instant now = clock.instant();
        return StatisticsResponse.newBuilder().setStatistics(Statistics.newBuilder()
                .setBlockHeight(view.networkHeight().orElse(0))
                .setBlockHash(submissions.blockHash(served, view).orElse(""))
                .setChainId(view.network().chainId())
                .setAppVersion(view.currentRelease().text())
                .setGenesisTime(started.toString())
                .setCurrentTime(now.toString())
                .setVegaTime(now.toString())
                .setUptime(Duration.between(started, now).toString()))
                .build();
    }

    public GetVegaTimeResponse time() {
        Instant now = clock.instant();
        return GetVegaTimeResponse.newBuilder().setTimestamp(now.getEpochSecond() * 1_000_000_000L + now.getNano()).build();
    }

    /**
     * GetSpamStatistics: the party's accepted transactions against its burst allowance, and the proof-of-work
     * state of the current block (what the Vega wallet's client.send_transaction reads height, hash and difficulty from).
     */
    public GetSpamStatisticsResponse spamStatistics(String partyId) {
        if (!PARTY_ID.matcher(partyId).matches()) {
            throw Status.INVALID_ARGUMENT.withDescription("party_id must be 64 lowercase hex characters").asRuntimeException();
        }
        List<ServedNetwork> partyNetworks = networks.forValidator(partyId);
        ServedNetwork served = partyNetworks.size() == 1 ? partyNetworks.get(0) : network("");
        NetworkView view = submissions.view(served);
        NetworkConfig network = view.network();
        SpamPow pow = network.spamPow();
        PoWStatistic.Builder powStatistic = PoWStatistic.newBuilder().setNumberOfPastBlocks(pow.numberOfPastBlocks());
        if (view.networkHeight().isPresent()) {
            powStatistic.addBlockStates(PoWBlockState.newBuilder()
                    .setBlockHeight(view.networkHeight().getAsLong())
                    .setBlockHash(submissions.blockHash(served, view).orElse(""))
                    .setExpectedDifficulty(pow.difficulty())
                    .setHashFunction(pow.hashFunction())
                    .setDifficulty(pow.difficulty())
                    .setTxPerBlock(pow.numberOfTxPerBlock())
                    .setIncreasingDifficulty(pow.increaseDifficulty()));
        }
        return GetSpamStatisticsResponse.newBuilder().setChainId(network.chainId()).setStatistics(SpamStatistics.newBuilder()
                .setProposals(SpamStatistic.newBuilder().setCountForEpoch(served.ledger().acceptedCount(partyId)).setMaxForEpoch(rateLimitBurst)
                        .setMinTokensRequired("0"))
                .setPow(powStatistic))
                .build();
    }

    /**
     * The network a Vega API request is about. Vega's requests carry no chain id, so with several networks served the
     * answer is INVALID_ARGUMENT, CHAIN_REQUIRED (the spam statistics of a party that is a validator of one network are
     * that network's).
     */
    private ServedNetwork network(String chainId) {
        try {
            return networks.resolve(chainId);
        } catch (ServedChains.Refused e) {
            throw GrpcRefusals.exception(e.refusal());
        }
    }

    private static Refusal refusalOrThrow(Verdict verdict) {
        Refusal refusal = ((Verdict.Refused) verdict).refusal();
        if (AbciCodes.isRetryableError(refusal.reason())) {
            throw Status.UNAVAILABLE.withDescription(refusal.toString()).asRuntimeException();
        }
        return refusal;
    }

    private static int code(Refusal refusal, byte[] raw) {
        boolean nonceZero = refusal.reason() == RefusalReason.NONCE_REUSED
                && TransactionDecoder.decode(raw).map(tx -> tx.inputData().getNonce() == 0).orElse(false);
        return AbciCodes.of(refusal.reason(), nonceZero);
    }

    /** The error a Vega node gives for a request without a transaction. */
    public static StatusRuntimeException missingTx() {
        return Status.INVALID_ARGUMENT.withDescription(RefusalReason.MALFORMED_TRANSACTION + ": the request carries no tx").asRuntimeException();
    }
}
