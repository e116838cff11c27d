package io.cutover.agent.vega;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cutover.simnode.vega.VegaCore;

/** The stand-in Vega core of deploy/sim-node as a child process, and its levers (files in its home). */
public final class StandInCore implements AutoCloseable {

    public final Path home;
    public final Path socket;
    public final int port;
    private Process process;

    public StandInCore(Path home, Path socket) throws IOException {
        this(home, socket, freePort());
    }

    /** @param port the CometBFT RPC port ({@code /status}) */
    public StandInCore(Path home, Path socket, int port) throws IOException {
        this.home = Files.createDirectories(home);
        this.socket = socket;
        this.port = port;
    }

    /** The args of {@code vega start} for a run-config. */
    public List<String> startArgs(String blockInterval) {
        return List.of("start", "--home", home.toString(), "--port", Integer.toString(port), "--admin-socket", socket.toString(),
                "--admin-http-path", "/rpc", "--block-interval", blockInterval, "--chain-id", "vega-stand-in");
    }

    /** Writes release {@code tag}'s launcher to {@code out}. */
    public static Path launcher(String tag, Path out) throws IOException {
        return VegaCore.writeLauncher(tag, out, jar());
    }

    /** The same, for a release that starts at H and panics instead of making block H+1. */
    public static Path panickingLauncher(String tag, Path out) throws IOException {
        return VegaCore.writeLauncher(tag, out, jar(), true);
    }

    public StandInCore start(Path launcher) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(startArgs("50ms"));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("core.log").toFile()).start();
        return this;
    }

    /** Makes the chain accept (tag at height) from its next block on; empty tag = nothing accepted. */
    public void accept(String tag, long height) {
        write("accepted-upgrade", tag.isEmpty() ? "" : tag + " " + height);
    }

    public void write(String file, String content) {
        try {
            Path temp = home.resolve(file + ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, home.resolve(file), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String file) {
        try {
            Files.deleteIfExists(home.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long height() {
        try {
            Path file = home.resolve("height");
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    public String read(String file) {
        try {
            Path path = home.resolve(file);
            return Files.exists(path) ? Files.readString(path) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public static Path jar() {
        try {
            return Path.of(VegaCore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
