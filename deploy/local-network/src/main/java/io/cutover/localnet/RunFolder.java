package io.cutover.localnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One run's folder: logs of every process, keys, homes, artifacts, broker data and network.toml. */
record RunFolder(Path root) {

    static RunFolder create(Path root) throws IOException {
        RunFolder folder = new RunFolder(root.toAbsolutePath().normalize());
        for (Path dir : new Path[] {folder.logs(), folder.keys(), folder.homes(), folder.artifacts(), folder.kafka()}) {
            Files.createDirectories(dir);
        }
        return folder;
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path keys() {
        return root.resolve("keys");
    }

    Path homes() {
        return root.resolve("homes");
    }

    Path home(String node) {
        return homes().resolve(node);
    }

    Path artifacts() {
        return root.resolve("artifacts");
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path networkFile() {
        return root.resolve("network.toml");
    }

    /** The simulated nodes' peers file: one chain of every validator (deploy/sim-node/README.md, "Consensus model"). */
    Path peersFile() {
        return root.resolve("peers");
    }
}
