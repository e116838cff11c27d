package io.cutover.proposal.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.cutover.core.config.ConfigResult;
import io.cutover.core.network.BlockTimes;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.NetworkConfigParser;
import io.cutover.proposal.config.ProposalServiceConfig;

/**
 * One network this service serves and everything it holds for it: the network file in force (checked
 * for changes on its own; a broken new version is refused and the last good one stays), the ledger
 * of accepted hashes and nonces, the height, the release in force, the block hashes, the upgrades a
 * recovery may name, and the measured block time. Its chain id is the one it was started with.
 */
public final class ServedNetwork {

    private static final Logger LOG = Logger.getLogger(ServedNetwork.class);
    /** How many recent distinct heights the block time is measured over. */
    static final int BLOCK_TIME_WINDOW = 50;

    private final Path file;
    private final String chainId;
    private volatile NetworkConfig current;
    private String lastContent;
    private final SubmissionLedger ledger;
    private final NetworkHeight height;
    private final ReleaseTracker releases = new ReleaseTracker();
    private final KnownBlocks blocks;
    private final UpgradeCatalog upgrades = new UpgradeCatalog();
    private final BlockTimes blockTimes = new BlockTimes(BLOCK_TIME_WINDOW);

    public ServedNetwork(Path file, NetworkConfig network, ProposalServiceConfig settings) {
        this.file = file;
        this.chainId = network.chainId();
        this.current = network;
        this.lastContent = readOrNull();
        this.ledger = new SubmissionLedger(settings);
        this.height = new NetworkHeight(settings);
        this.blocks = new KnownBlocks(height);
    }

    public String chainId() {
        return chainId;
    }

    public Path file() {
        return file;
    }

    public NetworkConfig current() {
        return current;
    }

    /** Whether the key is one of this network's validators (with or without voting power). */
    public boolean hasValidator(String pubKey) {
        return current.validator(pubKey).isPresent();
    }

    public SubmissionLedger ledger() {
        return ledger;
    }

    public NetworkHeight height() {
        return height;
    }

    public ReleaseTracker releases() {
        return releases;
    }

    public KnownBlocks blocks() {
        return blocks;
    }

    public UpgradeCatalog upgrades() {
        return upgrades;
    }

    /** A height this service saw the network at, and when: what the block time is measured from. */
    public void observedHeight(long blockHeight, Instant at) {
        if (blockHeight <= 0) {
            return;
        }
        blockTimes.observe(blockHeight, at);
    }

    /** The median time per block over the recent heights seen; empty until measured. */
    public Optional<BlockTimes.BlockTime> blockTime() {
        return blockTimes.current();
    }

    /** Reads the file again; swaps it in when it changed and is valid. Returns true when a new version is in force. */
    public synchronized boolean reloadIfChanged() {
        String content = readOrNull();
        if (content == null) {
            LOG.warnf("cannot read %s; keeping network %s as it is", file, chainId);
            return false;
        }
        if (content.equals(lastContent)) {
            return false;
        }
        lastContent = content;
        ConfigResult<NetworkConfig> result = NetworkConfigParser.parse(content, file.toString());
        if (result instanceof ConfigResult.Invalid<NetworkConfig> invalid) {
            LOG.errorf("refusing the changed network file; the last good one of %s stays in force. %s", chainId, invalid.describe());
            return false;
        }
        NetworkConfig next = ((ConfigResult.Valid<NetworkConfig>) result).value();
        if (!next.chainId().equals(chainId)) {
            LOG.errorf("%s: chain_id: changed from %s to %s; a served network keeps its chain id, so the change is refused"
                    + " (restart the service to serve the new chain)", file, chainId, next.chainId());
            return false;
        }
        LOG.infof("network file %s reloaded: chain %s, %d validators, current release %s", file, chainId, next.validators().size(),
                next.currentRelease());
        current = next;
        return true;
    }

    private String readOrNull() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
