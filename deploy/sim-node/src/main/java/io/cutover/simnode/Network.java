package io.cutover.simnode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.cutover.simnode.consensus.Validators;

/**
 * The network a node joins, from {@code --peers FILE --validator ID} (and its HTTP port, which is
 * the address the peers file lists for it); without {@code --peers}, a chain of one on {@code --port}.
 */
public record Network(Validators validators, String validator, int port) {

    static final String SOLO = "self";

    static Network of(Options options, int defaultPort) throws IOException {
        return of(options.value("peers"), options.value("validator"), options.value("port").map(p -> options.integer("port", 0)),
                defaultPort);
    }

    /** Shared with the Vega stand-in core, whose options are parsed apart. */
    public static Network of(Optional<String> peers, Optional<String> validator, Optional<Integer> port, int defaultPort) throws IOException {
        if (peers.isEmpty()) {
            if (validator.isPresent()) {
                throw new IllegalArgumentException("--validator needs --peers FILE (the network's validators)");
            }
            int p = port.orElse(defaultPort);
            return new Network(Validators.solo(SOLO, p), SOLO, p);
        }
        String id = validator.orElseThrow(() -> new IllegalArgumentException("--peers needs --validator ID (which line of "
                + peers.get() + " is this node)"));
        if (!java.nio.file.Files.isReadable(Path.of(peers.get()))) {
            throw new IllegalArgumentException("--peers " + peers.get() + " is not a readable file");
        }
        Validators validators = Validators.read(Path.of(peers.get()));
        Validators.Validator self = validators.find(id).orElseThrow(() -> new IllegalArgumentException("--validator " + id
                + " is not in " + peers.get() + " (it lists " + validators.all().stream().map(Validators.Validator::id).toList() + ")"));
        int listed = Integer.parseInt(self.address().substring(self.address().lastIndexOf(':') + 1));
        if (port.isPresent() && port.get() != listed) {
            throw new IllegalArgumentException("--port " + port.get() + " differs from " + self.address() + ", the address " + peers.get()
                    + " lists for validator " + id);
        }
        return new Network(validators, id, listed);
    }
}
