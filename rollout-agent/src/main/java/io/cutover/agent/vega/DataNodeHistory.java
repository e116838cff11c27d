package io.cutover.agent.vega;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The data node's latest network-history segment, asked as Visor asks it before it restarts a crashed
 * core: {@code <data node> [datanode] network-history latest-history-segment --output=json [--home X]
 * --output json} ("datanode" when the data node's args contain it, "--home X" when they name it),
 * read as {@code {"LatestSegment":{"to_height":N}}}. The core then starts from N, so that it does not
 * run ahead of its data node.
 */
final class DataNodeHistory {

    static final String NO_SEGMENT = "no history segments found";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataNodeHistory() {
    }

    /** Visor's command line for the data node binary {@code binary} run with {@code args}. */
    static List<String> command(Path binary, List<String> args) {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if (args.stream().anyMatch(a -> a.contains("datanode"))) {
            command.add("datanode");
        }
        command.addAll(List.of("network-history", "latest-history-segment", "--output=json"));
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).contains("--home") && i + 1 < args.size()) {
                command.add(args.get(i));
                command.add(args.get(i + 1));
                break;
            }
        }
        command.addAll(List.of("--output", "json"));
        return command;
    }

    /**
     * The height of the latest segment; empty when the data node has none ("no history segments
     * found"), as Visor then adds no flag.
     *
     * @throws IOException when the command fails otherwise or prints something else (Visor does not start the core then)
     */
    static OptionalLong latestSegment(Path binary, List<String> args, Duration timeout) throws IOException {
        List<String> command = command(binary, args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not answer within " + timeout.toSeconds() + " s");
            }
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted");
        }
        if (output.contains(NO_SEGMENT)) {
            return OptionalLong.empty();
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
        }
        long height = parse(output);
        if (height < 0) {
            throw new IOException(String.join(" ", command) + " printed no {\"LatestSegment\":{\"to_height\":N}}: " + output);
        }
        return OptionalLong.of(height);
    }

    /** {@code LatestSegment.to_height} of the command's output, or -1 when it has none. */
    static long parse(String output) {
        try {
            JsonNode height = JSON.readTree(output).path("LatestSegment").path("to_height");
            return height.isIntegralNumber() && height.asLong() >= 0 ? height.asLong() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
