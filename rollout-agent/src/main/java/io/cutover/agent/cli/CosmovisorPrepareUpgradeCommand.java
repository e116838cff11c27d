package io.cutover.agent.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.cutover.agent.cosmos.CosmosStager;
import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.CurrentPlanSource;
import io.cutover.agent.cosmos.UpgradePlan;
import io.cutover.agent.staging.StagingOutcome;
import io.cutover.core.proposal.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "prepare-upgrade", mixinStandardHelpOptions = true,
        description = {"Asks the node for its upgrade plan (Query/CurrentPlan at DAEMON_GRPC_ADDRESS) and stages this "
                + "platform's binary into upgrades/<name>/bin now.",
                "`run` does this by itself before the height."})
public class CosmovisorPrepareUpgradeCommand implements Callable<Integer> {

    @Mixin
    CosmovisorConfigOption config;

    @Override
    public Integer call() throws Exception {
        CosmovisorSettings settings = config.settings(true);
        if (settings == null) {
            return 1;
        }
        Optional<UpgradePlan> plan;
        try (CurrentPlanSource plans = CurrentPlanSource.of(settings)) {
            plan = plans.currentPlan();
        }
        if (plan.isEmpty()) {
            System.out.println("No active upgrade plan found");
            return 0;
        }
        System.out.println("Upgrade plan " + plan.get().name() + " at height " + plan.get().height());
        CosmovisorSettings downloading = new CosmovisorSettings(settings.daemonHome(), settings.daemonName(), true,
                settings.downloadMustHaveChecksum(), settings.restartAfterUpgrade(), settings.restartDelay(), settings.shutdownGrace(),
                settings.pollInterval(), settings.unsafeSkipBackup(), settings.dataBackupDir(), settings.preupgradeMaxRetries(),
                settings.grpcAddress(), settings.disableLogs(), settings.colorLogs(), settings.timeFormatLogs(),
                settings.customPreupgrade(), settings.disableRecase(), settings.cutover());
        StagingOutcome outcome = new CosmosStager(downloading, Platform.current()).stage(plan.get());
        if (outcome instanceof StagingOutcome.Staged staged) {
            System.out.println("Upgrade " + plan.get().name() + " prepared: " + settings.layout().binary(staged.folder()));
            return 0;
        }
        System.err.println("cosmovisor prepare-upgrade: " + outcome);
        return 1;
    }
}
