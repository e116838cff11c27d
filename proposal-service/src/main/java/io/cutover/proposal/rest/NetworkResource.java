package io.cutover.proposal.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ServedChains;
import io.cutover.core.validation.NetworkView;
import io.cutover.proposal.config.ServedNetworks;
import io.cutover.proposal.domain.ServedNetwork;
import io.cutover.proposal.domain.SubmissionService;

/** REST mirror of GetNetworkInfo (what a wallet needs to build a transaction), and the list of networks served. */
@Path("/api/v1")
public class NetworkResource {

    public record ValidatorView(String name, String pubKey, long votingPower) {
    }

    /**
     * The same fields as cutover.v1.NetworkInfo; networkHeight is 0 and blockHash empty while unknown, blockTimeMillis 0
     * while not measured.
     */
    public record NetworkInfoView(String chainId, String currentRelease, long networkHeight, boolean networkHeightKnown,
            List<ValidatorView> validators, String approvalThreshold, String approvalRule, long minLeadBlocks, long replayWindowBlocks,
            long totalVotingPower, int spamPowDifficulty, int spamPowNumberOfPastBlocks, String spamPowHashFunction, String blockHash,
            long blockTimeMillis, int blockTimeSamples, long blockTimeSpreadMillis) {
    }

    /** One served network, for ops: where it is read from and where it stands. */
    public record ServedNetworkView(String chainId, String file, int validators, String currentRelease, long networkHeight,
            boolean networkHeightKnown) {
    }

    private final SubmissionService submissions;
    private final ServedNetworks networks;

    public NetworkResource(SubmissionService submissions, ServedNetworks networks) {
        this.submissions = submissions;
        this.networks = networks;
    }

    @GET
    @Path("network")
    @Produces({MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    @Operation(summary = "A network: chain id, current release, height, validators, threshold, minimum lead, measured block time;"
            + " chain is needed only when several networks are served")
    public Response network(@QueryParam("chain") String chain) {
        ServedNetwork served;
        try {
            served = networks.resolve(chain);
        } catch (ServedChains.Refused e) {
            return Problems.response(e.refusal());
        }
        NetworkView view = submissions.view(served);
        NetworkConfig network = view.network();
        var blockTime = served.blockTime();
        return Response.ok(new NetworkInfoView(network.chainId(), view.currentRelease().text(), view.networkHeight().orElse(0),
                view.networkHeight().isPresent(),
                network.validators().stream().map(v -> new ValidatorView(v.name(), v.pubKey(), v.votingPower())).toList(),
                network.threshold().fraction().toString(), network.threshold().rule().configName(), network.minLeadBlocks(),
                network.replayWindowBlocks(), network.totalVotingPower(), network.spamPow().difficulty(),
                network.spamPow().numberOfPastBlocks(), network.spamPow().hashFunction(), submissions.blockHash(served, view).orElse(""),
                blockTime.map(t -> t.perBlock().toMillis()).orElse(0L), blockTime.map(t -> (int) Math.min(Integer.MAX_VALUE, t.blocks())).orElse(0),
                blockTime.map(t -> t.spread().toMillis()).orElse(0L)))
                .type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("networks")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The networks this service serves: chain id, network file, validators, current release, height")
    public List<ServedNetworkView> networks() {
        return networks.all().stream().map(served -> {
            NetworkView view = submissions.view(served);
            return new ServedNetworkView(served.chainId(), served.file().toString(), view.network().validators().size(),
                    view.currentRelease().text(), view.networkHeight().orElse(0), view.networkHeight().isPresent());
        }).toList();
    }
}
