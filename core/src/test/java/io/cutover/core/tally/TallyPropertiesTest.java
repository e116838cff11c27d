package io.cutover.core.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.tally.TallyEvent.ApprovalCancelled;
import io.cutover.core.tally.TallyEvent.ApprovalIssued;

/** Random input streams (seeded, so a failure repeats) against the promises the rules make. */
class TallyPropertiesTest {

    private static final String[] TAGS = {"v1.0.0", "v1.1.0", "v1.2.0", "v2.0.0"};

    @Test
    void sameInputsGiveSameEventsAndKeepTheInvariants() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            NetworkConfig network = TallyFixture.network(random.nextBoolean() ? ApprovalRule.GREATER : ApprovalRule.AT_LEAST,
                    1 + random.nextInt(20), 1 + random.nextInt(20), 1 + random.nextInt(20), 1 + random.nextInt(20), 1 + random.nextInt(20));
            List<TallyInput> inputs = randomInputs(random, network);

            Tally first = new Tally(network);
            Tally second = new Tally(network);
            Map<Long, String> approvedAtHeight = new HashMap<>();
            Set<String> everApproved = new HashSet<>();
            for (TallyInput input : inputs) {
                List<TallyEvent> events = first.apply(input);
                assertThat(second.apply(input)).as("seed %d", seed).usingRecursiveComparison().isEqualTo(events);
                for (TallyEvent event : events) {
                    if (event instanceof ApprovalIssued issued) {
                        ApprovalRecord a = issued.approval();
                        assertThat(a.threshold().isMetBy(a.approvingPower(), a.totalPower())).as("seed %d", seed).isTrue();
                        assertThat(everApproved.add(a.proposalId())).as("approved once, seed %d", seed).isTrue();
                        assertThat(approvedAtHeight.putIfAbsent(a.height(), a.proposalId())).as("one approval per height, seed %d", seed).isNull();
                    } else if (event instanceof ApprovalCancelled cancelled) {
                        assertThat(approvedAtHeight.remove(cancelled.approval().height())).isEqualTo(cancelled.approval().proposalId());
                    }
                }
                assertOneVotePerValidator(first, seed);
            }
        }
    }

    private static void assertOneVotePerValidator(Tally tally, long seed) {
        Set<String> voters = new HashSet<>();
        for (ProposalRecord p : tally.proposals()) {
            if (p.status() == ProposalStatus.PENDING) {
                for (String approver : p.approvers()) {
                    assertThat(voters.add(approver)).as("%s votes once, seed %d", approver, seed).isTrue();
                }
            }
        }
    }

    private static List<TallyInput> randomInputs(Random random, NetworkConfig network) {
        List<TallyInput> inputs = new ArrayList<>();
        long height = 100;
        Instant at = TallyFixture.T0;
        for (int i = 0; i < 120; i++) {
            at = at.plusSeconds(1);
            int validator = 1 + random.nextInt(6); // 6 is not a validator
            int roll = random.nextInt(10);
            String tag = TAGS[random.nextInt(TAGS.length)];
            long proposalHeight = 120 + 20L * random.nextInt(6);
            if (roll < 6) {
                inputs.add(new TallyInput.Approve(TallyFixture.key(validator), tag, proposalHeight, List.of(),
                        TallyFixture.raw("tx " + i), at));
            } else if (roll < 8) {
                inputs.add(new TallyInput.Reject(TallyFixture.key(validator), tag + "@" + proposalHeight, TallyFixture.raw("tx " + i), at));
            } else if (roll < 9) {
                height += random.nextInt(15);
                inputs.add(new TallyInput.HeightReached(height, at));
            } else {
                List<io.cutover.core.network.ValidatorInfo> validators = new ArrayList<>(network.validators());
                validators.remove(random.nextInt(validators.size()));
                inputs.add(new TallyInput.NetworkChanged(TallyFixture.network(network.threshold().rule(), validators), at));
            }
        }
        return inputs;
    }
}
