package io.cutover.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.KnownUpgrades;
import io.cutover.agent.cosmos.UpgradeBinaries;
import io.cutover.agent.cosmos.UpgradePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add-batch-upgrade", mixinStandardHelpOptions = true,
        description = {"Adds several upgrades at once: each binary as upgrades/<name>/bin/$DAEMON_NAME, and their heights in "
                + "data/upgrade-info.json.batch.",
                "`run` stages each before its height and switches at it. It needs the node's height: its RPC from "
                + "config/config.toml, or CUTOVER_NODE_STATUS_URL."})
public class CosmovisorAddBatchUpgradeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<name>:<path to executable>:<height>", arity = "0..*")
    List<String> upgrades = new ArrayList<>();

    @Option(names = "--upgrade-file", description = "A CSV file of name,path,height lines (instead of or besides the arguments).")
    Path file;

    @Option(names = "--force", description = "Overwrite existing binaries.")
    boolean force;

    @Mixin
    CosmovisorConfigOption config;

    @Override
    public Integer call() throws Exception {
        CosmovisorSettings settings = config.settings(true);
        if (settings == null) {
            return 1;
        }
        List<String[]> entries = new ArrayList<>();
        upgrades.forEach(u -> entries.add(u.split(":", -1)));
        if (file != null) {
            Files.readAllLines(file).stream().filter(l -> !l.isBlank()).forEach(l -> entries.add(l.split(",", -1)));
        }
        UpgradeBinaries binaries = new UpgradeBinaries(settings.layout());
        List<UpgradePlan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<Long, String> heights = new HashMap<>();
        for (String[] e : entries) {
            if (e.length != 3 || !e[2].trim().matches("\\d{1,18}")) {
                problems.add("\"" + String.join(":", e) + "\" is not <name>:<path>:<height>");
                continue;
            }
            UpgradePlan plan = binaries.plan(e[0].trim(), Long.parseLong(e[2].trim()));
            String other = heights.putIfAbsent(plan.height(), plan.name());
            if (plan.problem() != null) {
                problems.add(plan.name() + ": " + plan.problem());
            } else if (other != null) {
                problems.add("upgrades " + other + " and " + plan.name() + " overlap at height " + plan.height());
            } else if (!Files.isRegularFile(Path.of(e[1].trim()))) {
                problems.add(e[1].trim() + " is not a file");
            }
            plans.add(plan);
        }
        if (entries.isEmpty()) {
            problems.add("no upgrade given");
        }
        if (!problems.isEmpty()) {
            System.err.println("cosmovisor add-batch-upgrade: nothing written: " + String.join("; ", problems));
            return 1;
        }
        try {
            for (int i = 0; i < plans.size(); i++) {
                System.out.println("Using " + entries.get(i)[1].trim() + " for " + plans.get(i).name() + " upgrade: "
                        + binaries.install(plans.get(i).name(), Path.of(entries.get(i)[1].trim()), force));
            }
            System.out.println("Scheduled " + plans.size() + " upgrade(s) in " + binaries.scheduleBatch(plans));
        } catch (IOException e) {
            System.err.println("cosmovisor add-batch-upgrade: " + e.getMessage());
            return 1;
        }
        KnownUpgrades.read(settings.layout()).problems().forEach(p -> System.err.println("cosmovisor add-batch-upgrade: warning: " + p));
        return 0;
    }
}
