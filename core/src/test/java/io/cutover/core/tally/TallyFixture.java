package io.cutover.core.tally;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tally.TallyEvent.ProposalChanged;

/** Small builders shared by the tally tests. */
final class TallyFixture {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TallyFixture() {
    }

    static String key(int n) {
        return String.format("%064x", n);
    }

    static NetworkConfig network(ApprovalRule rule, long... powers) {
        List<ValidatorInfo> validators = new ArrayList<>();
        for (int i = 0; i < powers.length; i++) {
            validators.add(new ValidatorInfo("validator-" + (i + 1), key(i + 1), powers[i]));
        }
        return network(rule, validators);
    }

    static NetworkConfig network(ApprovalRule rule, List<ValidatorInfo> validators) {
        return new NetworkConfig("cutover-devnet", ReleaseTag.parse("v1.0.0").orElseThrow(),
                new Threshold(new Fraction(2, 3), rule), 20, 150, validators);
    }

    static TallyInput.Approve approve(int validator, String tag, long height) {
        return new TallyInput.Approve(key(validator), tag, height, List.of(), raw("approve " + validator + " " + tag + "@" + height),
                T0.plusSeconds(validator));
    }

    static TallyInput.Reject reject(int validator, String proposalId) {
        return new TallyInput.Reject(key(validator), proposalId, raw("reject " + validator + " " + proposalId), T0.plusSeconds(100 + validator));
    }

    static TallyInput.HeightReached height(long height) {
        return new TallyInput.HeightReached(height, T0.plusSeconds(1000 + height));
    }

    static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<ProposalRecord> changes(List<TallyEvent> events) {
        return events.stream().filter(ProposalChanged.class::isInstance).map(e -> ((ProposalChanged) e).proposal()).toList();
    }

    static <T extends TallyEvent> List<T> only(List<TallyEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
