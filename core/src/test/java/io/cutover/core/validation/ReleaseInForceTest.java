package io.cutover.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.validation.ReleaseInForce.ApprovedUpgrade;

class ReleaseInForceTest {

    private static final ReleaseTag V1 = ReleaseTag.parse("v1.0.0").orElseThrow();
    private static final ReleaseTag V11 = ReleaseTag.parse("v1.1.0").orElseThrow();
    private static final ReleaseTag V12 = ReleaseTag.parse("v1.2.0").orElseThrow();

    @Test
    void staysOnTheFileReleaseUntilAnApprovedHeightIsReached() {
        List<ApprovedUpgrade> approved = List.of(new ApprovedUpgrade(V11, 500));
        assertThat(ReleaseInForce.at(V1, approved, 499)).isEqualTo(V1);
        assertThat(ReleaseInForce.at(V1, approved, 500)).isEqualTo(V11);
    }

    @Test
    void takesTheLatestPassedUpgrade() {
        List<ApprovedUpgrade> approved = List.of(new ApprovedUpgrade(V12, 900), new ApprovedUpgrade(V11, 500));
        assertThat(ReleaseInForce.at(V1, approved, 1000)).isEqualTo(V12);
    }

    @Test
    void neverGoesBehindANewerFileRelease() {
        assertThat(ReleaseInForce.at(V12, List.of(new ApprovedUpgrade(V11, 500)), 1000)).isEqualTo(V12);
    }
}
