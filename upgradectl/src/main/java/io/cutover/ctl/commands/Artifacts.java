package io.cutover.ctl.commands;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import io.cutover.ctl.CommandFailure;
import io.cutover.ctl.ExitCode;
import io.cutover.proto.vega.ReleaseArtifact;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Release artifacts given on the command line: {@code os/arch=SHA256[,URL]} or a local file. */
final class Artifacts {

    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._/-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Artifacts() {
    }

    /** Parses {@code linux/amd64=<64 hex>[,https://...]}. */
    static ReleaseArtifact parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new TypeConversionException("'" + text + "' is not OS/ARCH=SHA256[,URL] (for example linux/amd64=<64 hex>)");
        }
        String platform = platform(text.substring(0, eq));
        String rest = text.substring(eq + 1);
        int comma = rest.indexOf(',');
        String sha = (comma < 0 ? rest : rest.substring(0, comma)).strip().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw new TypeConversionException("the SHA-256 of " + platform + " must be 64 hex characters, got '" + sha + "'");
        }
        return artifact(platform, sha, comma < 0 ? "" : rest.substring(comma + 1));
    }

    /** Hashes a local file: {@code PATH[,URL]} for {@code platform}. */
    static ReleaseArtifact fromFile(String fileAndUrl, String platform) {
        int comma = fileAndUrl.indexOf(',');
        Path file = Path.of(comma < 0 ? fileAndUrl : fileAndUrl.substring(0, comma));
        return artifact(platform(platform), sha256(file), comma < 0 ? "" : fileAndUrl.substring(comma + 1));
    }

    static String platform(String text) {
        String platform = text.strip();
        if (!PLATFORM.matcher(platform).matches()) {
            throw new TypeConversionException("'" + text + "' is not a platform like linux/amd64 (os/arch, lower case)");
        }
        return platform;
    }

    private static ReleaseArtifact artifact(String platform, String sha256, String url) {
        String u = url.strip();
        if (!u.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + u + "' is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new TypeConversionException("the artifact URL must be http(s)://..., got '" + u + "'");
            }
        }
        return ReleaseArtifact.newBuilder().setPlatform(platform).setSha256(sha256).setUrl(u).build();
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCode.LOCAL_FILE, "artifact file " + file + " does not exist");
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.LOCAL_FILE, "cannot read artifact file " + file + ": " + e.getMessage(), "", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java 17 runtime", e);
        }
    }

    /** picocli converter for --artifact, so a malformed artifact is a usage error. */
    static final class Converter implements ITypeConverter<ReleaseArtifact> {
        @Override
        public ReleaseArtifact convert(String value) {
            return parse(value);
        }
    }
}
