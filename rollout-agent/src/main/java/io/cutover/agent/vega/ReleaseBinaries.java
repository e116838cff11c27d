package io.cutover.agent.vega;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.RunConfig;
import io.cutover.agent.staging.VersionProbe;
import io.cutover.core.config.ConfigProblem;
import io.cutover.core.config.ConfigResult;

/**
 * What Visor asks a release's binaries before it runs them: {@code version --output json} of the
 * core and the data node (it must be the release's tag), and the data node's latest history segment
 * before a crash restart ({@link DataNodeHistory}).
 */
final class ReleaseBinaries {

    private static final String NODE = "vega.binary.path";
    private static final String DATA_NODE = "data_node.binary.path";

    private final AgentHome home;
    private final Supplier<AgentConfig> config;

    ReleaseBinaries(AgentHome home, Supplier<AgentConfig> config) {
        this.home = home;
        this.config = config;
    }

    /** Whether the data node of {@code folder} (if it has one) reports {@code tag}: empty when it does, else the problem naming the key. */
    Optional<String> dataNodeVersionProblem(Path folder, String tag) {
        if (!(RunConfig.read(folder) instanceof ConfigResult.Valid<RunConfig> valid) || valid.value().dataNode().isEmpty()) {
            return Optional.empty();
        }
        return versionProblem(valid.value().dataNode().get().resolveIn(folder), folder, tag).map(p -> DATA_NODE + ": " + p);
    }

    /**
     * {@code folder}'s run-config; for any folder but genesis, both binaries must report the folder's
     * tag (checked side by side), else every mismatch is a problem naming its key and file.
     */
    ConfigResult<RunConfig> versionChecked(Path folder) {
        ConfigResult<RunConfig> read = RunConfig.read(folder);
        Optional<String> tag = tagOf(folder);
        if (!(read instanceof ConfigResult.Valid<RunConfig> valid) || tag.isEmpty()) {
            return read;
        }
        RunConfig run = valid.value();
        CompletableFuture<Optional<String>> dataNode = CompletableFuture.supplyAsync(() -> run.dataNode()
                .flatMap(d -> versionProblem(d.resolveIn(folder), folder, tag.get())));
        List<ConfigProblem> problems = new ArrayList<>();
        versionProblem(run.node().resolveIn(folder), folder, tag.get()).ifPresent(p -> problems.add(new ConfigProblem(NODE, p)));
        dataNode.join().ifPresent(p -> problems.add(new ConfigProblem(DATA_NODE, p)));
        return problems.isEmpty() ? read : new ConfigResult.Invalid<>(folder.resolve(RunConfig.FILE).toString(), problems);
    }

    /**
     * The latest history segment of the current release's data node; empty without a data node or a segment.
     *
     * @throws IllegalStateException when the data node cannot say (Visor does not start the core then)
     */
    OptionalLong latestSegment() {
        Path folder = home.current();
        if (!(RunConfig.read(folder) instanceof ConfigResult.Valid<RunConfig> valid) || valid.value().dataNode().isEmpty()) {
            return OptionalLong.empty();
        }
        RunConfig.Binary dataNode = valid.value().dataNode().get();
        try {
            return DataNodeHistory.latestSegment(dataNode.resolveIn(folder), dataNode.args(), config.get().verification().versionTimeout());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the data node's latest history segment: " + e.getMessage(), e);
        }
    }

    private Optional<String> versionProblem(Path binary, Path folder, String tag) {
        try {
            String version = VersionProbe.version(binary, folder, config.get().verification().versionTimeout());
            return version.equals(tag) ? Optional.empty() : Optional.of(binary + " is version " + version + ", the release is " + tag);
        } catch (VersionProbe.Failed e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The release tag a folder of the home holds: its [upgradeFolders] key, or its own name; genesis holds none known. */
    private Optional<String> tagOf(Path folder) {
        String name = home.root().toAbsolutePath().normalize().relativize(folder.toAbsolutePath().normalize()).toString();
        if (name.equals(AgentHome.GENESIS)) {
            return Optional.empty();
        }
        return config.get().upgradeFolders().entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .findFirst().or(() -> Optional.of(name));
    }
}
