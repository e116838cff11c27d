package io.cutover.agent.cosmos;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The heights in the node's {@code --unsafe-skip-upgrades} argument: the node skips the upgrade at
 * those heights by itself, so the agent neither stages nor halts for them. Both forms are read:
 * {@code --unsafe-skip-upgrades 100 200} and {@code --unsafe-skip-upgrades=100,200}.
 */
public final class SkipHeights {

    public static final String FLAG = "--unsafe-skip-upgrades";

    private SkipHeights() {
    }

    /** {@code args} with {@code --unsafe-skip-upgrades h} added for each height they do not skip yet. */
    public static List<String> adding(List<String> args, Set<Long> heights) {
        Set<Long> skipped = of(args);
        List<String> added = new ArrayList<>(args);
        for (long height : heights) {
            if (!skipped.contains(height)) {
                added.add(FLAG);
                added.add(Long.toString(height));
            }
        }
        return List.copyOf(added);
    }

    public static Set<Long> of(List<String> args) {
        Set<Long> heights = new TreeSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            List<String> values = new ArrayList<>();
            if (arg.equals(FLAG) || arg.equals("-" + FLAG)) {
                for (int j = i + 1; j < args.size() && !args.get(j).startsWith("-"); j++) {
                    values.addAll(List.of(args.get(j).split(",")));
                }
            } else if (arg.startsWith(FLAG + "=") || arg.startsWith("-" + FLAG + "=")) {
                values.addAll(List.of(arg.substring(arg.indexOf('=') + 1).split(",")));
            }
            for (String v : values) {
                if (v.trim().matches("\\d{1,18}")) {
                    heights.add(Long.parseLong(v.trim()));
                }
            }
        }
        return heights;
    }
}
