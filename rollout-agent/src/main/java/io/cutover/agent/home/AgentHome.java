package io.cutover.agent.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The Visor-compatible home folder:
 * <pre>
 * config.toml                 the agent's settings
 * genesis/run-config.toml     how to run the first release
 * &lt;tag&gt;/run-config.toml       one folder per release (or the folder upgradeFolders maps the tag to)
 * current -&gt; genesis|&lt;tag&gt;     the running release
 * state.json                  Cutover: the agent's state, written atomically before each phase acts
 * .cutover/                   Cutover: downloads in progress, pids of the children
 * </pre>
 */
public record AgentHome(Path root) {

    public static final String CONFIG = "config.toml";
    public static final String GENESIS = "genesis";
    public static final String CURRENT = "current";
    public static final String STATE = "state.json";

    public AgentHome {
        root = root.toAbsolutePath().normalize();
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path state() {
        return root.resolve(STATE);
    }

    public Path current() {
        return root.resolve(CURRENT);
    }

    /** A release folder: a child of the home, or deeper (a Cosmovisor home's "upgrades/&lt;name&gt;"). */
    public Path release(String folder) {
        Path path = root.resolve(folder).normalize();
        if (!path.startsWith(root) || path.equals(root) || path.startsWith(root.resolve(".cutover"))) {
            throw new IllegalArgumentException("release folder must be inside the home: " + folder);
        }
        return path;
    }

    public Path work() throws IOException {
        return Files.createDirectories(root.resolve(".cutover"));
    }

    /** The folder {@code current} points to, relative to the home; "genesis" when there is no link yet. */
    public String currentRelease() throws IOException {
        if (!Files.isSymbolicLink(current())) {
            return GENESIS;
        }
        Path target = Files.readSymbolicLink(current());
        return root.relativize(root.resolve(target).normalize()).toString();
    }

    /**
     * Re-points {@code current} atomically: a new link under a temporary name is renamed over the
     * old one, so {@code current} always points at a whole release, even if the agent dies here.
     */
    public void pointCurrentAt(String folder) throws IOException {
        release(folder);
        Path temp = root.resolve(".current-" + UUID.randomUUID());
        Files.createSymbolicLink(temp, Path.of(folder));
        try {
            Files.move(temp, current(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
