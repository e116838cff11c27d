package io.cutover.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the dashboard served at {@code /}. */
@ConfigMapping(prefix = "cutover.dashboard")
public interface DashboardConfig {

    /**
     * How many blocks before an approved upgrade's height a readiness shortfall (ready voting power
     * below the threshold) is shown as a halt warning.
     */
    @WithDefault("100")
    long warningBlocks();
}
