package io.cutover.proposal.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.validation.NetworkView;
import io.cutover.proposal.domain.SubmissionService;

/** REST mirror of GetNetworkInfo: what a wallet needs to build a transaction. */
@Path("/api/v1/network")
public class NetworkResource {

    public record ValidatorView(String name, String pubKey, long votingPower) {
    }

    /** The same fields as cutover.v1.NetworkInfo; networkHeight is 0 and blockHash empty while unknown. */
    public record NetworkInfoView(String chainId, String currentRelease, long networkHeight, boolean networkHeightKnown,
            List<ValidatorView> validators, String approvalThreshold, String approvalRule, long minLeadBlocks, long replayWindowBlocks,
            long totalVotingPower, int spamPowDifficulty, int spamPowNumberOfPastBlocks, String spamPowHashFunction, String blockHash) {
    }

    private final SubmissionService submissions;

    public NetworkResource(SubmissionService submissions) {
        this.submissions = submissions;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The network: chain id, current release, height, validators, threshold, minimum lead")
    public NetworkInfoView network() {
        NetworkView view = submissions.view();
        NetworkConfig network = view.network();
        return new NetworkInfoView(network.chainId(), view.currentRelease().text(), view.networkHeight().orElse(0),
                view.networkHeight().isPresent(),
                network.validators().stream().map(v -> new ValidatorView(v.name(), v.pubKey(), v.votingPower())).toList(),
                network.threshold().fraction().toString(), network.threshold().rule().configName(), network.minLeadBlocks(),
                network.replayWindowBlocks(), network.totalVotingPower(), network.spamPow().difficulty(),
                network.spamPow().numberOfPastBlocks(), network.spamPow().hashFunction(), submissions.blockHash(view).orElse(""));
    }
}
