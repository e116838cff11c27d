package io.cutover.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cutover.core.config.ConfigProblem;
import io.cutover.core.config.ConfigResult;

class NetworkConfigParserTest {

    private static final String KEY1 = "1".repeat(64);
    private static final String KEY2 = "2".repeat(64);

    @Test
    void readsAValidFileAndAppliesDefaults() {
        String toml = """
                chain_id = "cutover-devnet"
                current_release = "v1.0.0"
                [[validators]]
                name = "validator-1"
                pub_key = "%s"
                voting_power = 10
                [[validators]]
                name = "validator-2"
                pub_key = "%s"
                voting_power = 0
                """.formatted(KEY1, KEY2);
        NetworkConfig config = NetworkConfigParser.parse(toml, "network.toml").orThrow();
        assertThat(config.chainId()).isEqualTo("cutover-devnet");
        assertThat(config.threshold()).isEqualTo(new Threshold(new Fraction(2, 3), ApprovalRule.GREATER));
        assertThat(config.minLeadBlocks()).isEqualTo(20);
        assertThat(config.replayWindowBlocks()).isEqualTo(150);
        assertThat(config.totalVotingPower()).isEqualTo(10);
        assertThat(config.validator(KEY2).orElseThrow().isConsensusValidator()).isFalse();
    }

    @Test
    void reportsEveryProblemAtOnceWithItsKey() {
        String toml = """
                current_release = "v1.0.0"
                approval_threshold = "3/2"
                approval_rule = "most"
                [[validators]]
                name = "validator-1"
                pub_key = "NOT-HEX"
                voting_power = -5
                [[validators]]
                name = "validator-1"
                pub_key = "%s"
                voting_power = 3
                """.formatted(KEY1);
        ConfigResult<NetworkConfig> result = NetworkConfigParser.parse(toml, "network.toml");
        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        ConfigResult.Invalid<NetworkConfig> invalid = (ConfigResult.Invalid<NetworkConfig>) result;
        assertThat(invalid.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "chain_id", "approval_threshold", "approval_rule",
                "validators[0].pub_key", "validators[0].voting_power", "validators[1].name");
        assertThat(invalid.describe()).startsWith("network.toml has 6 problems:").contains("chain_id: is required");
    }

    @Test
    void duplicateKeysAreReportedWithTheirLine() {
        String toml = """
                chain_id = "a"
                chain_id = "b"
                current_release = "v1.0.0"
                [[validators]]
                name = "v"
                pub_key = "%s"
                voting_power = 1
                """.formatted(KEY1);
        ConfigResult.Invalid<NetworkConfig> invalid = (ConfigResult.Invalid<NetworkConfig>) NetworkConfigParser.parse(toml, "n.toml");
        assertThat(invalid.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("line 2");
            assertThat(p.message()).containsIgnoringCase("chain_id");
        });
    }

    @Test
    void zeroTotalPowerAndMissingValidatorsAreRefused() {
        String noValidators = "chain_id = \"c\"\ncurrent_release = \"v1.0.0\"\n";
        assertThat(NetworkConfigParser.parse(noValidators, "n")).isInstanceOf(ConfigResult.Invalid.class);
        String zeroPower = noValidators + "[[validators]]\nname = \"v\"\npub_key = \"" + KEY1 + "\"\nvoting_power = 0\n";
        ConfigResult.Invalid<NetworkConfig> invalid = (ConfigResult.Invalid<NetworkConfig>) NetworkConfigParser.parse(zeroPower, "n");
        assertThat(invalid.problems()).extracting(ConfigProblem::key).containsExactly("validators");
    }

    @Test
    void wrongTypesAreNamed() {
        String toml = "chain_id = 5\ncurrent_release = \"banana\"\nmin_lead_blocks = \"ten\"\nvalidators = 3\n";
        ConfigResult.Invalid<NetworkConfig> invalid = (ConfigResult.Invalid<NetworkConfig>) NetworkConfigParser.parse(toml, "n");
        assertThat(invalid.problems()).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("chain_id", "current_release", "min_lead_blocks", "validators");
    }

    private static final String MINIMAL = """
            chain_id = "c"
            current_release = "v1.0.0"
            [[validators]]
            name = "v"
            pub_key = "%s"
            voting_power = 1
            """.formatted(KEY1);

    @Test
    void proofOfWorkIsOffWithoutSpamPow() {
        assertThat(NetworkConfigParser.parse(MINIMAL, "network.toml").orThrow().spamPow()).isEqualTo(io.cutover.core.pow.SpamPow.OFF);
    }

    @Test
    void readsSpamPowWithVegaNames() {
        String toml = MINIMAL + """
                [spam.pow]
                difficulty = 15
                numberOfPastBlocks = 50
                hashFunction = "sha3_24_rounds"
                numberOfTxPerBlock = 3
                increaseDifficulty = true
                """;
        assertThat(NetworkConfigParser.parse(toml, "network.toml").orThrow().spamPow())
                .isEqualTo(new io.cutover.core.pow.SpamPow(15, 50, "sha3_24_rounds", 3, true));
    }

    @Test
    void refusesAnotherHashFunctionAndOutOfRangeSpamPow() {
        String toml = MINIMAL + """
                [spam.pow]
                difficulty = 300
                numberOfPastBlocks = 2
                hashFunction = "sha256"
                typo = 1
                """;
        ConfigResult.Invalid<NetworkConfig> invalid = (ConfigResult.Invalid<NetworkConfig>) NetworkConfigParser.parse(toml, "network.toml");
        assertThat(invalid.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "spam.pow.difficulty", "spam.pow.numberOfPastBlocks", "spam.pow.hashFunction", "spam.pow.typo");
        assertThat(invalid.describe()).contains("unknown hash function \"sha256\"");
    }
}
