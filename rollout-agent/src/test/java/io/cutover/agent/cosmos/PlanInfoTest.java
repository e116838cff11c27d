package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlanInfoTest {

    private static final String JSON = "{\"binaries\":{\"linux/amd64\":\"https://x/l?checksum=sha256:" + "a".repeat(64)
            + "\",\"darwin/arm64\":\"https://x/d\",\"any\":\"https://x/any\"}}";
    private static final Checksum.Fetcher NONE = u -> {
        throw new java.io.IOException("no fetch expected");
    };

    @Test
    void picksThisPlatformThenAny() throws Exception {
        PlanInfo info = PlanInfo.parse(JSON, true, NONE);
        assertThat(info.urlFor("linux/amd64")).hasToString("https://x/l?checksum=sha256:" + "a".repeat(64));
        assertThat(info.urlFor("darwin/arm64")).hasToString("https://x/d");
        assertThat(info.urlFor("linux/arm64")).hasToString("https://x/any");
    }

    @Test
    void aPlanWithoutThisPlatformSaysSo() throws Exception {
        PlanInfo info = PlanInfo.parse("{\"binaries\":{\"darwin/arm64\":\"https://x/d\"}}", false, NONE);
        assertThatThrownBy(() -> info.urlFor("linux/amd64")).isInstanceOf(PlanInfo.NoBinaryForPlatformException.class)
                .hasMessageContaining("neither linux/amd64, nor any");
    }

    @Test
    void fetchesAnInfoUrlAndChecksItsChecksum() throws Exception {
        String body = "{\"binaries\":{\"any\":\"https://x/any\"}}\n";
        String sum = new Checksum("sha256", "").digestOf(body.getBytes(StandardCharsets.UTF_8));
        Map<String, String> files = Map.of("https://x/info.json", body);
        Checksum.Fetcher fetcher = u -> files.get(u.toString());
        assertThat(PlanInfo.parse(" https://x/info.json?checksum=sha256:" + sum + " ", true, fetcher).urlFor("linux/amd64"))
                .hasToString("https://x/any");
        assertThatThrownBy(() -> PlanInfo.parse("https://x/info.json?checksum=sha256:" + "0".repeat(64), true, fetcher))
                .hasMessageContaining("has sha256");
        assertThatThrownBy(() -> PlanInfo.parse("https://x/info.json", true, fetcher)).hasMessageContaining("no ?checksum=");
        assertThat(PlanInfo.parse("https://x/info.json", false, fetcher).binaries()).containsKey("any");
    }

    @Test
    void refusesWhatIsNeitherJsonNorAUrl() {
        assertThatThrownBy(() -> PlanInfo.parse("", false, NONE)).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> PlanInfo.parse("upgrade to v2, see the forum", false, NONE)).hasMessageContaining("neither JSON nor a URL");
        assertThatThrownBy(() -> PlanInfo.parse("{\"binaries\":", false, NONE)).hasMessageContaining("could not parse plan info");
        assertThatThrownBy(() -> PlanInfo.parse("{\"name\":\"v2\"}", false, NONE)).hasMessageContaining("no \"binaries\"");
        assertThatThrownBy(() -> PlanInfo.parse("{\"binaries\":{\"linux-amd64\":\"https://x/l\"}}", false, NONE))
                .hasMessageContaining("invalid os/arch");
        assertThatThrownBy(() -> PlanInfo.parse("{\"binaries\":{\"any\":\"not a url\"}}", false, NONE)).hasMessageContaining("invalid URL");
        assertThatThrownBy(() -> PlanInfo.parse("{\"binaries\":{}}", false, NONE)).hasMessageContaining("no binaries");
        assertThatThrownBy(() -> PlanInfo.parse("https://x/missing.json", false, u -> {
            throw new java.io.IOException(u + " answered HTTP 404");
        })).hasMessageContaining("404");
    }

    @Test
    void fromJsonKeepsTheUrls() throws Exception {
        assertThat(PlanInfo.fromJson(JSON).binaries()).hasSize(3);
        assertThat(URI.create(PlanInfo.fromJson(JSON).binaries().get("any"))).hasHost("x");
    }
}
