package io.cutover.agent.cosmos;

import java.io.IOException;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plan's {@code info} read as x/upgrade's plan.Info: {@code {"binaries": {"os/arch": "url", ...}}},
 * or a URL whose body is that JSON. Keys are "any" or "os/arch"; a lookup tries this platform and
 * then "any", as Cosmovisor's GetBinaryURL does. Only the chosen URL is ever downloaded.
 */
public record PlanInfo(Map<String, String> binaries) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9]+/[a-zA-Z0-9]+");

    public PlanInfo {
        binaries = Map.copyOf(binaries);
    }

    /** Why a plan's info is unusable. */
    public static class InvalidPlanInfoException extends Exception {
        public InvalidPlanInfoException(String message) {
            super(message);
        }
    }

    /** The plan lists binaries, but none for this platform nor "any". */
    public static final class NoBinaryForPlatformException extends InvalidPlanInfoException {
        public NoBinaryForPlatformException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code info}; a URL is fetched with {@code fetcher}. With {@code mustHaveChecksum}
     * the info URL itself must carry {@code ?checksum=} (checked against the fetched body).
     */
    public static PlanInfo parse(String info, boolean mustHaveChecksum, Checksum.Fetcher fetcher) throws InvalidPlanInfoException {
        String text = info == null ? "" : info.trim();
        if (text.isEmpty()) {
            throw new InvalidPlanInfoException("plan info must not be blank");
        }
        if (text.startsWith("{")) {
            return fromJson(text);
        }
        URI url = asUrl(text).orElseThrow(() -> new InvalidPlanInfoException(
                "plan info is neither JSON nor a URL: \"" + abbreviate(text) + "\""));
        return fromJson(fetchInfo(url, mustHaveChecksum, fetcher));
    }

    private static String fetchInfo(URI url, boolean mustHaveChecksum, Checksum.Fetcher fetcher) throws InvalidPlanInfoException {
        Optional<Checksum> checksum;
        try {
            checksum = Checksum.of(url, fetcher);
        } catch (Checksum.InvalidChecksumException e) {
            throw new InvalidPlanInfoException("plan info URL: " + e.getMessage());
        }
        if (checksum.isEmpty() && mustHaveChecksum) {
            throw new InvalidPlanInfoException("plan info URL " + url + " has no ?checksum= and DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM is on");
        }
        String body;
        try {
            body = fetcher.fetch(Checksum.withoutChecksum(url));
        } catch (IOException e) {
            throw new InvalidPlanInfoException("cannot fetch plan info from " + url + ": " + e.getMessage());
        }
        if (body.isBlank()) {
            throw new InvalidPlanInfoException("plan info URL " + url + " returned an empty body");
        }
        if (checksum.isPresent()) {
            String actual = checksum.get().digestOf(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!actual.equals(checksum.get().hex())) {
                throw new InvalidPlanInfoException("plan info from " + url + " has " + checksum.get().type() + " " + actual
                        + ", the URL says " + checksum.get().hex());
            }
        }
        return body.trim();
    }

    static PlanInfo fromJson(String text) throws InvalidPlanInfoException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new InvalidPlanInfoException("could not parse plan info: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode binaries = node == null ? null : node.get("binaries");
        if (binaries == null || !binaries.isObject()) {
            throw new InvalidPlanInfoException("could not parse plan info: no \"binaries\" object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = binaries.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!e.getKey().equals("any") && !KEY.matcher(e.getKey()).find()) {
                throw new InvalidPlanInfoException("invalid os/arch format in key \"" + e.getKey() + "\"");
            }
            if (!e.getValue().isTextual() || asUrl(e.getValue().asText()).isEmpty()) {
                throw new InvalidPlanInfoException("invalid URL for " + e.getKey() + ": " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        if (out.isEmpty()) {
            throw new InvalidPlanInfoException("plan info lists no binaries");
        }
        return new PlanInfo(out);
    }

    /** This platform's URL, else "any"'s. */
    public URI urlFor(String platform) throws InvalidPlanInfoException {
        String url = binaries.getOrDefault(platform, binaries.get("any"));
        if (url == null) {
            throw new NoBinaryForPlatformException("cannot find binary for os/arch: neither " + platform + ", nor any (the plan lists "
                    + String.join(", ", binaries.keySet()) + ")");
        }
        return URI.create(url);
    }

    private static Optional<URI> asUrl(String text) {
        try {
            URI uri = new URI(text);
            boolean absolute = uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https")
                    || uri.getScheme().equals("file")) && (uri.getHost() != null || uri.getScheme().equals("file"));
            return absolute ? Optional.of(uri) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
