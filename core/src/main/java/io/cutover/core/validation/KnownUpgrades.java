package io.cutover.core.validation;

/**
 * The upgrades a recovery may name: those Cutover approved (by proposal id) and those the chain
 * announced, as agents report them (by {@code "<tag>@<height>"}). Held by the caller, read by the rules.
 */
@FunctionalInterface
public interface KnownUpgrades {

    /** Knows no upgrade: every recovery is refused as UNKNOWN_UPGRADE. */
    KnownUpgrades NONE = upgradeId -> false;

    boolean contains(String upgradeId);
}
