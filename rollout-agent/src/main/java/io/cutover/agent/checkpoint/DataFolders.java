package io.cutover.agent.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where a node keeps its data, read from its arguments, for the sources that know their node. */
public final class DataFolders {

    private DataFolders() {
    }

    /**
     * A Vega core's state folder: {@code <home>/state} of its {@code --home} (either {@code --home DIR}
     * or {@code --home=DIR}), relative paths taken from {@code workingDir}; empty without {@code --home}.
     */
    public static Optional<Path> vegaState(List<String> args, Path workingDir) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--home=")) {
                return Optional.of(workingDir.resolve(a.substring("--home=".length())).resolve("state").normalize());
            }
            if (a.equals("--home") && i + 1 < args.size()) {
                return Optional.of(workingDir.resolve(args.get(i + 1)).resolve("state").normalize());
            }
        }
        return Optional.empty();
    }
}
