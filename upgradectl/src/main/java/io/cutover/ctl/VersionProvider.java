package io.cutover.ctl;

import picocli.CommandLine.IVersionProvider;

/** The version the jar was built as. */
public class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = UpgradeCtl.class.getPackage().getImplementationVersion();
        return new String[] {"upgradectl " + (version == null ? "development build" : version)};
    }
}
