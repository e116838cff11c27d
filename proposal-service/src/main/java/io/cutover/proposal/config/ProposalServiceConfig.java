package io.cutover.proposal.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** proposal-service's own settings (the {@code cutover.*} properties). */
@ConfigMapping(prefix = "cutover")
public interface ProposalServiceConfig {

    /**
     * Path of network.toml of a deployment serving one network: chain id, validators, threshold, current release, lead and
     * replay window. Default {@code network.toml} when {@code cutover.networks} is not set either.
     */
    @WithName("network-file")
    Optional<Path> networkFile();

    /** The networks served: a folder of network files (every *.toml in it) or a comma-separated list of files. */
    @WithName("networks")
    Optional<String> networks();

    /** How often each network file is checked for changes. */
    @WithName("network-file-check-interval")
    @WithDefault("2s")
    Duration networkFileCheckInterval();

    /** Accept V2 transactions (signed without chain binding, replayable across networks). */
    @WithName("accept-v2")
    @WithDefault("false")
    boolean acceptV2();

    /** Largest accepted transaction, in bytes. */
    @WithName("max-tx-bytes")
    @WithDefault("65536")
    int maxTxBytes();

    /** Per-validator allowance of accepted transactions. */
    RateLimitConfig rateLimit();

    /** Where the network height comes from. */
    HeightConfig height();

    /** The write to upgrade.transactions. */
    KafkaConfig kafka();

    interface RateLimitConfig {
        /** Transactions a validator may have accepted at once. */
        @WithDefault("10")
        int burst();

        /** Transactions added to a validator's allowance per minute. */
        @WithDefault("30")
        double perMinute();
    }

    interface HeightConfig {
        /** {@code agents} (median of consensus validators' reports on rollout.status) or {@code status-url} (poll a CometBFT status URL). */
        @WithDefault("agents")
        HeightSource source();

        /** CometBFT-style status URL, polled when source = status-url. */
        @WithName("status-url")
        Optional<URI> statusUrl();

        /** JSON pointer to the height in the status document. */
        @WithName("json-pointer")
        @WithDefault("/result/sync_info/latest_block_height")
        String jsonPointer();

        /** JSON pointer to the latest block's hash in the status document (the block hash proofs of work are computed on). */
        @WithName("hash-json-pointer")
        @WithDefault("/result/sync_info/latest_block_hash")
        String hashJsonPointer();

        /** How often the status URL is polled. */
        @WithName("poll-interval")
        @WithDefault("2s")
        Duration pollInterval();

        /** Agents' reports (and the last polled height) older than this are not used. */
        @WithName("max-age")
        @WithDefault("60s")
        Duration maxAge();
    }

    interface KafkaConfig {
        /** Longest wait for Kafka to acknowledge an accepted transaction before answering BUS_UNAVAILABLE. */
        @WithName("delivery-timeout")
        @WithDefault("10s")
        Duration deliveryTimeout();

        /**
         * How long the producer may hold a record to fill a batch with others (linger.ms). Under load, fuller batches
         * cost the service and the broker less per transaction; each transaction still waits for its own acknowledgement.
         */
        @WithName("linger")
        @WithDefault("5ms")
        Duration linger();

        /** Largest batch of records in one produce request to upgrade.transactions (batch.size), in bytes. */
        @WithName("batch-bytes")
        @WithDefault("131072")
        int batchBytes();

        /** Longest wait at start-up to read upgrade.transactions back (seen hashes and nonces). */
        @WithName("replay-timeout")
        @WithDefault("60s")
        Duration replayTimeout();
    }

    enum HeightSource {
        AGENTS, STATUS_URL
    }
}
