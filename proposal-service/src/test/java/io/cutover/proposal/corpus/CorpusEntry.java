package io.cutover.proposal.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One line of corpus/manifest.tsv: a file and the outcome the README documents for it.
 *
 * @param transport   {@code both} (transaction bytes: gRPC as is, REST as {"tx": base64}), {@code rest} (a raw HTTP body),
 *                    {@code setup} (a valid transaction submitted once before the rest)
 * @param contentType the Content-Type of a {@code rest} body, else {@code -}
 * @param grpc        the gRPC status code ({@code -} for a REST body)
 * @param http        the HTTP status
 * @param reason      the ErrorInfo / problem reason ({@code -} when accepted)
 */
public record CorpusEntry(String file, String transport, String contentType, String grpc, int http, String reason, String description) {

    public static final String MANIFEST = "manifest.tsv";
    static final String HEADER = "# file\ttransport\tcontent-type\tgrpc\thttp\treason\tdescription";

    String line() {
        return String.join("\t", file, transport, contentType, grpc, String.valueOf(http), reason, description);
    }

    static CorpusEntry parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("manifest line needs 7 tab-separated fields: " + line);
        }
        return new CorpusEntry(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), f[5], f[6]);
    }

    /** The committed manifest, from the test classpath. */
    public static List<CorpusEntry> manifest() {
        return new String(resource(MANIFEST), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(CorpusEntry::parse).toList();
    }

    /** This entry's committed bytes. */
    public byte[] content() {
        return resource(file);
    }

    private static byte[] resource(String name) {
        try (InputStream in = CorpusEntry.class.getResourceAsStream("/corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("corpus/" + name + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
