package io.cutover.agent.cosmos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cutover.agent.staging.Digests;

/**
 * The {@code ?checksum=} of a binary's URL, in every form go-getter (Cosmovisor's downloader)
 * accepts: {@code <type>:<hex>} with type md5, sha1, sha256 or sha512; a bare {@code <hex>} whose
 * type follows from its length; or {@code file:<url>} naming a BSD- or GNU-style sums file in
 * which the line for the binary's file name holds the hex.
 */
public record Checksum(String type, String hex) {

    /** go-getter's type names and their hex lengths. */
    static final Map<String, Integer> LENGTHS = Map.of("md5", 32, "sha1", 40, "sha256", 64, "sha512", 128);
    private static final Map<String, String> JDK_NAMES = Map.of("md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512");
    private static final Pattern BSD = Pattern.compile("(?i)(MD5|SHA1|SHA256|SHA512)\\s*\\((.+)\\)\\s*=\\s*([0-9a-fA-F]+)");
    private static final Pattern GNU = Pattern.compile("([0-9a-fA-F]+)\\s+\\*?(.+)");

    /** Why a checksum cannot be used; carried as an exception inside the installer. */
    public static final class InvalidChecksumException extends Exception {
        public InvalidChecksumException(String message) {
            super(message);
        }
    }

    /** Fetches the text of a sums file for {@code file:<url>}. */
    @FunctionalInterface
    public interface Fetcher {
        String fetch(URI url) throws IOException;
    }

    /** The checksum of {@code url}, empty when it has none; invalid ones (wrong length, type) are refused. */
    public static Optional<Checksum> of(URI url, Fetcher fetcher) throws InvalidChecksumException {
        Optional<String> param = queryParam(url, "checksum");
        if (param.isEmpty()) {
            return Optional.empty();
        }
        String value = param.get().trim();
        if (value.isEmpty()) {
            throw new InvalidChecksumException("empty checksum parameter in " + url);
        }
        if (value.startsWith("file:")) {
            return Optional.of(fromSumsFile(URI.create(value.substring("file:".length())), fileName(url), fetcher));
        }
        int colon = value.indexOf(':');
        if (colon >= 0) {
            return Optional.of(typed(value.substring(0, colon).toLowerCase(Locale.ROOT), value.substring(colon + 1)));
        }
        return Optional.of(guessed(value));
    }

    static Checksum typed(String type, String hex) throws InvalidChecksumException {
        Integer length = LENGTHS.get(type);
        if (length == null) {
            throw new InvalidChecksumException("unsupported checksum type \"" + type + "\" (md5, sha1, sha256 or sha512)");
        }
        if (!hex.matches("[0-9a-fA-F]*") || hex.length() != length) {
            throw new InvalidChecksumException("a " + type + " checksum has " + length + " hex digits, found \"" + hex + "\" ("
                    + hex.length() + ")");
        }
        return new Checksum(type, hex.toLowerCase(Locale.ROOT));
    }

    static Checksum guessed(String hex) throws InvalidChecksumException {
        if (!hex.matches("[0-9a-fA-F]+")) {
            throw new InvalidChecksumException("checksum \"" + hex + "\" is not hex");
        }
        return LENGTHS.entrySet().stream().filter(e -> e.getValue() == hex.length()).findFirst()
                .map(e -> new Checksum(e.getKey(), hex.toLowerCase(Locale.ROOT)))
                .orElseThrow(() -> new InvalidChecksumException("checksum \"" + hex + "\" has " + hex.length()
                        + " hex digits: not md5 (32), sha1 (40), sha256 (64) or sha512 (128)"));
    }

    private static Checksum fromSumsFile(URI sums, String fileName, Fetcher fetcher) throws InvalidChecksumException {
        String text;
        try {
            text = fetcher.fetch(sums);
        } catch (IOException e) {
            throw new InvalidChecksumException("cannot fetch checksum file " + sums + ": " + e.getMessage());
        }
        for (String line : text.split("\\R")) {
            Matcher bsd = BSD.matcher(line.trim());
            if (bsd.matches() && baseName(bsd.group(2)).equals(fileName)) {
                return typed(bsd.group(1).toLowerCase(Locale.ROOT), bsd.group(3));
            }
            Matcher gnu = GNU.matcher(line.trim());
            if (gnu.matches() && baseName(gnu.group(2).trim()).equals(fileName)) {
                return guessed(gnu.group(1));
            }
        }
        throw new InvalidChecksumException("checksum file " + sums + " has no line for " + fileName);
    }

    /** The lowercase hex digest of {@code file} with this checksum's type. */
    public String digestOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return digestOf(in);
        }
    }

    /** The lowercase hex digest of {@code data} with this checksum's type. */
    public String digestOf(byte[] data) {
        try {
            return digestOf(new java.io.ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String digestOf(InputStream in) throws IOException {
        return Digests.hex(JDK_NAMES.get(type), in);
    }

    /** Whether {@code file} has this checksum. */
    public boolean matches(Path file) throws IOException {
        return digestOf(file).equals(hex);
    }

    /** {@code url} without its checksum parameter: what is downloaded. */
    public static URI withoutChecksum(URI url) {
        String query = url.getRawQuery();
        if (query == null) {
            return url;
        }
        String kept = String.join("&", java.util.Arrays.stream(query.split("&"))
                .filter(p -> !p.startsWith("checksum=") && !p.equals("checksum")).toList());
        String s = url.toString();
        String base = s.substring(0, s.indexOf('?'));
        String fragment = url.getRawFragment() == null ? "" : "#" + url.getRawFragment();
        return URI.create(base + (kept.isEmpty() ? "" : "?" + kept) + fragment);
    }

    static Optional<String> queryParam(URI url, String name) {
        String query = url.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    static String fileName(URI url) {
        return baseName(url.getPath() == null ? "" : url.getPath());
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    @Override
    public String toString() {
        return type + ":" + hex;
    }
}
