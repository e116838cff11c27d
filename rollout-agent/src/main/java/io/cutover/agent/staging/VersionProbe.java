package io.cutover.agent.staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs {@code <binary> version --output json} (as Visor does) and reads {@code {"version": ...}}. */
public final class VersionProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VersionProbe() {
    }

    /** The version the binary reports; the exception's message says what went wrong. */
    public static String version(Path binary, Path folder, Duration timeout) throws Failed {
        Process process;
        try {
            process = new ProcessBuilder(List.of(binary.toString(), "version", "--output", "json"))
                    .directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new Failed(binary + " cannot be run: " + e.getMessage());
        }
        String output;
        try (InputStream in = process.getInputStream()) {
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.destroyForcibly();
                throw new Failed(binary + " version --output json did not answer within " + timeout.toSeconds() + " s");
            }
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new Failed("interrupted");
        } catch (IOException e) {
            throw new Failed(binary + " version --output json: " + e.getMessage());
        }
        if (process.exitValue() != 0) {
            throw new Failed(binary + " version --output json exited with " + process.exitValue());
        }
        String version;
        try {
            JsonNode node = JSON.readTree(output);
            version = node == null ? null : node.path("version").asText(null);
        } catch (IOException e) {
            version = null;
        }
        if (version == null) {
            throw new Failed(binary + " printed no {\"version\": ...}: " + (output.length() > 120 ? output.substring(0, 120) + "..." : output));
        }
        return version;
    }

    /** The binary could not tell its version. */
    public static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }
}
