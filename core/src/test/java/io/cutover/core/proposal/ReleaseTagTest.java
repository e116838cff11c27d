package io.cutover.core.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReleaseTagTest {

    @Test
    void parsesWithOrWithoutLeadingV() {
        assertThat(ReleaseTag.parse("v0.79.0")).isPresent();
        assertThat(ReleaseTag.parse("V1.2.3-rc.1+build.5")).isPresent();
        assertThat(ReleaseTag.parse("1.2.3")).isPresent();
    }

    @Test
    void refusesWhatIsNotSemver() {
        assertThat(ReleaseTag.parse("v1.2")).isEmpty();
        assertThat(ReleaseTag.parse("latest")).isEmpty();
        assertThat(ReleaseTag.parse("v01.2.3")).isEmpty();
        assertThat(ReleaseTag.parse("")).isEmpty();
        assertThat(ReleaseTag.parse("v1.2.3 ")).isEmpty();
    }

    @Test
    void ordersBySemverPrecedence() {
        assertThat(tag("v1.10.0")).isGreaterThan(tag("v1.9.0"));
        assertThat(tag("v1.0.0")).isGreaterThan(tag("v1.0.0-rc.2"));
        assertThat(tag("v1.0.0-rc.10")).isGreaterThan(tag("v1.0.0-rc.2"));
        assertThat(tag("v1.0.0-alpha")).isLessThan(tag("v1.0.0-alpha.1"));
        assertThat(tag("v1.2.3").sameVersionAs(tag("1.2.3+meta"))).isTrue();
    }

    private static ReleaseTag tag(String text) {
        return ReleaseTag.parse(text).orElseThrow();
    }
}
