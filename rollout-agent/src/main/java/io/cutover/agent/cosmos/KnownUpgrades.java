package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every upgrade the home knows with its height, so that a node runs the release in force at its
 * height (a node restored from a snapshot, or syncing from genesis): the plans recorded when they
 * were applied ({@code cosmovisor/upgrades/<name>/upgrade-info.json}), Cosmovisor's batch file
 * ({@code data/upgrade-info.json.batch}, written by {@code add-batch-upgrade}) and the plan in
 * {@code data/upgrade-info.json} ({@code add-upgrade --upgrade-height}, or the node's own halt).
 * Two upgrades at one height, or one upgrade at two heights, are {@link #problems}: no binary can
 * then be chosen for a height, and the node is not started on a guess.
 */
public record KnownUpgrades(List<Known> upgrades, List<String> problems) {

    /** Where an upgrade is known from. */
    public enum From { RECORDED, BATCH, UPGRADE_INFO }

    public record Known(UpgradePlan plan, From from) {
    }

    public static final String BATCH = "upgrade-info.json.batch";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** These upgrades without those at the heights the node skips ({@code --unsafe-skip-upgrades}): they are never in force. */
    public KnownUpgrades skipping(Collection<Long> skipHeights) {
        return new KnownUpgrades(upgrades.stream().filter(k -> !skipHeights.contains(k.plan().height())).toList(), problems);
    }

    public static KnownUpgrades read(CosmovisorLayout layout) {
        List<Known> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Path upgrades = layout.root().resolve(CosmovisorLayout.UPGRADES);
        if (Files.isDirectory(upgrades)) {
            try (Stream<Path> folders = Files.list(upgrades)) {
                folders.sorted().forEach(folder -> {
                    if (UpgradeInfoFile.read(folder.resolve(CosmovisorLayout.UPGRADE_INFO)) instanceof UpgradeInfoFile.Present p) {
                        all.add(new Known(p.plan(), From.RECORDED));
                    }
                });
            } catch (IOException e) {
                problems.add("cannot list " + upgrades + ": " + e.getMessage());
            }
        }
        readBatch(layout.dataDir().resolve(BATCH), all, problems);
        KnownUpgrades known = merged(all, problems);
        if (UpgradeInfoFile.read(layout.upgradeInfoFile()) instanceof UpgradeInfoFile.Present p) {
            all.add(new Known(p.plan(), From.UPGRADE_INFO));
            KnownUpgrades withFile = merged(all, new ArrayList<>(problems));
            // a file that contradicts the others is refused by the source (logged, reported) and left out here
            return withFile.problems().size() == known.problems().size() ? withFile : known;
        }
        return known;
    }

    private static void readBatch(Path file, List<Known> into, List<String> problems) {
        JsonNode array;
        try {
            array = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            problems.add(file + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        if (array == null || !array.isArray()) {
            problems.add(file + " is not a JSON array of plans");
            return;
        }
        for (JsonNode entry : array) {
            if (UpgradeInfoFile.parse(entry.toString()) instanceof UpgradeInfoFile.Present p) {
                into.add(new Known(p.plan(), From.BATCH));
            } else {
                problems.add(file + ": " + entry + " is not an upgrade plan with a name and a height");
            }
        }
    }

    /** One entry per upgrade; the same upgrade known twice at one height is one. */
    private static KnownUpgrades merged(List<Known> all, List<String> given) {
        List<String> problems = new ArrayList<>(given);
        List<Known> kept = new ArrayList<>();
        for (Known k : all) {
            Optional<Known> sameName = kept.stream().filter(o -> key(o).equals(key(k))).findFirst();
            Optional<Known> sameHeight = kept.stream().filter(o -> o.plan().height() == k.plan().height() && !key(o).equals(key(k)))
                    .findFirst();
            if (sameName.isPresent() && sameName.get().plan().height() != k.plan().height()) {
                problems.add("upgrade " + k.plan().name() + " is known at height " + sameName.get().plan().height() + " ("
                        + describe(sameName.get().from()) + ") and at height " + k.plan().height() + " (" + describe(k.from()) + ")");
            } else if (sameHeight.isPresent()) {
                problems.add("upgrades " + sameHeight.get().plan().name() + " (" + describe(sameHeight.get().from()) + ") and "
                        + k.plan().name() + " (" + describe(k.from()) + ") overlap at height " + k.plan().height());
            } else if (sameName.isEmpty()) {
                kept.add(k);
            }
        }
        kept.sort(Comparator.comparingLong(k -> k.plan().height()));
        return new KnownUpgrades(List.copyOf(kept), List.copyOf(problems));
    }

    private static String key(Known k) {
        return k.plan().name().toLowerCase(Locale.ROOT);
    }

    private static String describe(From from) {
        return switch (from) {
            case RECORDED -> "applied, recorded in upgrades/<name>/upgrade-info.json";
            case BATCH -> "data/" + BATCH;
            case UPGRADE_INFO -> "data/upgrade-info.json";
        };
    }

    /**
     * The release in force for a node whose latest block is {@code height}: that of the last upgrade
     * at or below {@code height + 1} (the block the node executes next), else genesis.
     *
     * @param upgrade the upgrade, empty for genesis
     * @param which   the upgrade in words ("upgrade v2 (from height 100)", "genesis")
     */
    public record InForce(Optional<Known> upgrade, String release, String which, boolean installed) {
    }

    public InForce inForceAt(long height, CosmovisorLayout layout) {
        Known found = null;
        for (Known k : upgrades) {
            if (k.plan().height() <= height + 1) {
                found = k;
            }
        }
        Optional<Known> due = Optional.ofNullable(found);
        String release = due.map(k -> layout.releaseOf(k.plan().name())).orElse(CosmovisorLayout.GENESIS);
        return new InForce(due, release, due.map(k -> "upgrade " + k.plan().name() + " (from height " + k.plan().height() + ")")
                .orElse("genesis"), Files.isRegularFile(layout.binary(release)));
    }

    /** The batch upgrades above {@code height}, lowest first. */
    public List<UpgradePlan> batchAbove(long height) {
        return upgrades.stream().filter(k -> k.from() == From.BATCH && k.plan().height() > height).map(Known::plan).toList();
    }

    /** One line per upgrade, lowest first: "name at height H (source)". */
    public List<String> describe() {
        return upgrades.stream().map(k -> k.plan().name() + " at height " + k.plan().height() + " (" + describe(k.from()) + ")").toList();
    }
}
