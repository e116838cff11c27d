package io.cutover.simnode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cutover.simnode.consensus.Validators;
import io.cutover.simnode.consensus.Validators.Validator;

/**
 * Validators of power 10 as real processes (one launcher file per release), sharing one peers
 * file, for the consensus tests. {@link #close()} stops every process it started.
 */
public final class LocalChain implements AutoCloseable {

    static final String BLOCK_INTERVAL = "100ms";

    /** How a node of this chain is started: its command line, given its release's launcher folder. */
    public interface Program {
        List<String> command(Path releases, String tag, Path home, String validator, Path peers) throws IOException;
    }

    /** The simulated node, {@code run} with a 100 ms block interval. */
    static final Program SIM_NODE = (releases, tag, home, validator, peers) -> {
        Path launcher = releases.resolve(tag).resolve("sim-node");
        if (!Files.exists(launcher)) {
            Launcher.write(tag, launcher, Launcher.ownJar(), false);
        }
        return List.of(launcher.toString(), "run", "--home", home.toString(), "--peers", peers.toString(), "--validator", validator,
                "--block-interval", BLOCK_INTERVAL);
    };

    private final Path dir;
    private final Program program;
    private final Path peers;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    public LocalChain(Path dir, Program program, String... validators) throws IOException {
        this.dir = dir;
        this.program = program;
        List<Validator> list = new ArrayList<>();
        for (String v : validators) {
            ports.put(v, Processes.freePort());
            list.add(new Validator(v, 10, "127.0.0.1:" + ports.get(v)));
        }
        this.peers = new Validators(list).write(dir.resolve("peers"));
    }

    public Path home(String validator) {
        return dir.resolve(validator);
    }

    /** Starts every validator's node on release {@code tag}. */
    public void startAll(String tag) throws IOException {
        for (String v : ports.keySet()) {
            start(v, tag);
        }
    }

    /** Starts {@code validator}'s node on release {@code tag}, its output appended to home/node.log. */
    public void start(String validator, String tag, String... extra) throws IOException {
        List<String> command = new ArrayList<>(program.command(dir.resolve("releases"), tag, home(validator), validator, peers));
        command.addAll(List.of(extra));
        Files.createDirectories(home(validator));
        Path log = home(validator).resolve("node.log");
        running.put(validator, new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
    }

    public void stop(String validator) throws InterruptedException {
        Processes.stop(running.remove(validator));
    }

    /** The node's /status body, or "" while it does not answer. */
    String status(String validator) {
        return Processes.status(ports.get(validator));
    }

    /** The height the node reports, -1 while it does not answer. */
    long height(String validator) {
        return Processes.height(ports.get(validator));
    }

    int halt(String validator, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(validator) + "/admin/halt"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    public String log(String validator) {
        return Processes.read(home(validator).resolve("node.log"));
    }

    /** The node's blocks.log line for {@code height}, or "". */
    String block(String validator, long height) {
        return Processes.read(home(validator).resolve("blocks.log")).lines().filter(l -> l.startsWith(height + " ")).findFirst().orElse("");
    }

    @Override
    public void close() throws InterruptedException {
        for (String v : new ArrayList<>(running.keySet())) {
            stop(v);
        }
    }
}
