package io.cutover.proposal.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed corpus is exactly what the generator writes, and it is big and varied enough. */
class CorpusFilesTest {

    @Test
    void committedFilesAreWhatTheGeneratorWrites(@TempDir Path dir) throws Exception {
        new CorpusGenerator().build().write(dir);
        List<CorpusEntry> manifest = CorpusEntry.manifest();
        assertThat(Files.readString(dir.resolve(CorpusEntry.MANIFEST)).lines().filter(l -> !l.startsWith("#")).map(CorpusEntry::parse))
                .containsExactlyElementsOf(manifest);
        for (CorpusEntry entry : manifest) {
            assertThat(entry.content()).as(entry.file()).isEqualTo(Files.readAllBytes(dir.resolve(entry.file())));
        }
    }

    @Test
    void holdsAtLeastFortyDistinctInvalidInputsCoveringEveryInputReason() {
        List<CorpusEntry> invalid = CorpusEntry.manifest().stream().filter(e -> !"setup".equals(e.transport())).toList();
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(40);
        Set<String> distinct = new HashSet<>();
        invalid.forEach(e -> distinct.add(java.util.HexFormat.of().formatHex(e.content()) + e.contentType()));
        assertThat(distinct).hasSameSizeAs(invalid);
        assertThat(invalid).extracting(CorpusEntry::reason).contains("MALFORMED_TRANSACTION", "TOO_LARGE", "UNSUPPORTED_TX_VERSION",
                "UNSUPPORTED_SIGNATURE_ALGORITHM", "UNKNOWN_VALIDATOR", "NOT_CONSENSUS_VALIDATOR", "SIGNATURE_INVALID", "NONCE_REUSED",
                "STALE_BLOCK_HEIGHT", "UNKNOWN_COMMAND", "INVALID_RELEASE_TAG", "INVALID_ARTIFACT", "HEIGHT_TOO_SOON", "DOWNGRADE", "UNKNOWN_PROPOSAL",
                "DUPLICATE_TRANSACTION");
    }
}
