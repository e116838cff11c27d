package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChecksumTest {

    private static final String SHA256 = "a".repeat(64);
    private static final Checksum.Fetcher NONE = u -> {
        throw new java.io.IOException("no fetch expected");
    };

    private static Optional<Checksum> of(String url, Checksum.Fetcher fetcher) throws Exception {
        return Checksum.of(URI.create(url), fetcher);
    }

    @Test
    void readsEveryForm() throws Exception {
        assertThat(of("https://x/gaiad?checksum=sha256:" + SHA256.toUpperCase(), NONE)).contains(new Checksum("sha256", SHA256));
        assertThat(of("https://x/gaiad?checksum=md5:" + "b".repeat(32), NONE)).contains(new Checksum("md5", "b".repeat(32)));
        assertThat(of("https://x/gaiad?checksum=sha1:" + "c".repeat(40), NONE)).contains(new Checksum("sha1", "c".repeat(40)));
        assertThat(of("https://x/gaiad?checksum=sha512:" + "d".repeat(128), NONE)).contains(new Checksum("sha512", "d".repeat(128)));
        assertThat(of("https://x/gaiad?checksum=" + SHA256, NONE)).as("type from the length").contains(new Checksum("sha256", SHA256));
        assertThat(of("https://x/gaiad?checksum=" + "e".repeat(40), NONE)).contains(new Checksum("sha1", "e".repeat(40)));
        assertThat(of("https://x/gaiad", NONE)).isEmpty();
    }

    @Test
    void readsASumsFileInBothStyles() throws Exception {
        Map<String, String> files = Map.of(
                "https://x/SHA256SUMS", "ffff  other.zip\n" + SHA256 + "  gaiad-linux-amd64.zip\n",
                "https://x/BSD", "SHA512 (gaiad-linux-amd64.zip) = " + "f".repeat(128) + "\n");
        Checksum.Fetcher fetcher = u -> files.get(u.toString());
        assertThat(of("https://x/gaiad-linux-amd64.zip?checksum=file:https://x/SHA256SUMS", fetcher)).contains(new Checksum("sha256", SHA256));
        assertThat(of("https://x/gaiad-linux-amd64.zip?checksum=file:https://x/BSD", fetcher)).contains(new Checksum("sha512", "f".repeat(128)));
        assertThatThrownBy(() -> of("https://x/missing.zip?checksum=file:https://x/SHA256SUMS", fetcher))
                .hasMessageContaining("no line for missing.zip");
    }

    @Test
    void refusesAChecksumOfTheWrongLengthOrType() {
        assertThatThrownBy(() -> of("https://x/g?checksum=sha256:abc", NONE)).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> of("https://x/g?checksum=sha256:" + "z".repeat(64), NONE)).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> of("https://x/g?checksum=crc32:abcd", NONE)).hasMessageContaining("unsupported checksum type");
        assertThatThrownBy(() -> of("https://x/g?checksum=" + "a".repeat(50), NONE)).hasMessageContaining("50 hex digits");
        assertThatThrownBy(() -> of("https://x/g?checksum=", NONE)).hasMessageContaining("empty");
    }

    @Test
    void theDownloadUrlLosesOnlyTheChecksum() {
        assertThat(Checksum.withoutChecksum(URI.create("https://x/g.zip?a=1&checksum=sha256:" + SHA256 + "&b=2")))
                .hasToString("https://x/g.zip?a=1&b=2");
        assertThat(Checksum.withoutChecksum(URI.create("https://x/g.zip?checksum=sha256:" + SHA256))).hasToString("https://x/g.zip");
    }

    @Test
    void digestsWithItsType() {
        assertThat(new Checksum("sha256", "").digestOf("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(new Checksum("md5", "").digestOf("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }
}
