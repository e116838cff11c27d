package io.cutover.core.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import io.cutover.core.config.ConfigProblem;
import io.cutover.core.config.ConfigResult;
import io.cutover.core.config.TomlReader;
import io.cutover.core.pow.SpamPow;
import io.cutover.core.proposal.ReleaseTag;

/** Reads {@code network.toml}, checking every key and reporting every problem at once. */
public final class NetworkConfigParser {

    public static final String DEFAULT_THRESHOLD = "2/3";
    public static final long DEFAULT_MIN_LEAD_BLOCKS = 20;
    public static final long DEFAULT_REPLAY_WINDOW_BLOCKS = 150;

    private static final Pattern PUB_KEY = Pattern.compile("[0-9a-f]{64}");

    private NetworkConfigParser() {
    }

    public static ConfigResult<NetworkConfig> read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            return new ConfigResult.Invalid<>(file.toString(), List.of(new ConfigProblem("file", "cannot be read: " + e.getMessage())));
        }
    }

    public static ConfigResult<NetworkConfig> parse(String toml, String source) {
        TomlParseResult parsed = Toml.parse(toml);
        TomlReader in = new TomlReader(parsed);

        String chainId = in.requiredString(parsed, "chain_id", "chain_id");

        String releaseText = in.requiredString(parsed, "current_release", "current_release");
        Optional<ReleaseTag> release = ReleaseTag.parse(releaseText);
        if (!releaseText.isBlank() && release.isEmpty()) {
            in.problem("current_release", "\"" + releaseText + "\" is not a semver release tag such as v1.2.3");
        }

        String thresholdText = in.string(parsed, "approval_threshold", "approval_threshold", DEFAULT_THRESHOLD);
        Optional<Fraction> fraction = Fraction.parse(thresholdText);
        if (fraction.isEmpty()) {
            in.problem("approval_threshold", "\"" + thresholdText + "\" is not a fraction in (0, 1] such as \"2/3\"");
        }
        String ruleText = in.string(parsed, "approval_rule", "approval_rule", ApprovalRule.GREATER.configName());
        Optional<ApprovalRule> rule = ApprovalRule.fromConfigName(ruleText);
        if (rule.isEmpty()) {
            in.problem("approval_rule", "\"" + ruleText + "\" must be \"greater\" or \"at-least\"");
        }

        long minLead = in.integer(parsed, "min_lead_blocks", "min_lead_blocks", DEFAULT_MIN_LEAD_BLOCKS, 0);
        long replayWindow = in.integer(parsed, "replay_window_blocks", "replay_window_blocks", DEFAULT_REPLAY_WINDOW_BLOCKS, 1);

        List<ValidatorInfo> validators = readValidators(parsed, in);
        SpamPow spamPow = SpamPowParser.read(parsed, in);

        if (!in.problems().isEmpty()) {
            return new ConfigResult.Invalid<>(source, in.problems());
        }
        return new ConfigResult.Valid<>(new NetworkConfig(chainId, release.orElseThrow(),
                new Threshold(fraction.orElseThrow(), rule.orElseThrow()), minLead, replayWindow, validators, spamPow));
    }

    private static List<ValidatorInfo> readValidators(TomlParseResult parsed, TomlReader in) {
        List<ValidatorInfo> validators = new ArrayList<>();
        if (!parsed.contains("validators")) {
            in.problem("validators", "at least one [[validators]] entry is required");
            return validators;
        }
        if (!(parsed.get("validators") instanceof TomlArray array)
                || array.toList().stream().anyMatch(entry -> !(entry instanceof TomlTable))) {
            in.problem("validators", "must be an array of tables ([[validators]])");
            return validators;
        }
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            TomlTable entry = array.getTable(i);
            String path = "validators[" + i + "]";
            String name = in.requiredString(entry, "name", path + ".name");
            String pubKey = in.requiredString(entry, "pub_key", path + ".pub_key");
            if (!pubKey.isEmpty() && !PUB_KEY.matcher(pubKey).matches()) {
                in.problem(path + ".pub_key", "must be 64 lowercase hex characters (an Ed25519 public key), found \"" + pubKey + "\"");
            }
            Optional<Long> power = in.integer(entry, "voting_power", path + ".voting_power");
            if (power.isEmpty() && !entry.contains("voting_power")) {
                in.problem(path + ".voting_power", "is required");
            } else if (power.isPresent() && power.get() < 0) {
                in.problem(path + ".voting_power", "must not be negative, found " + power.get());
            }
            if (!name.isEmpty() && !names.add(name)) {
                in.problem(path + ".name", "\"" + name + "\" is used by another validator");
            }
            if (!pubKey.isEmpty() && !keys.add(pubKey)) {
                in.problem(path + ".pub_key", "is used by another validator");
            }
            validators.add(new ValidatorInfo(name, pubKey, Math.max(0, power.orElse(0L))));
        }
        if (array.isEmpty()) {
            in.problem("validators", "at least one [[validators]] entry is required");
        } else if (validators.stream().mapToLong(ValidatorInfo::votingPower).sum() == 0) {
            in.problem("validators", "the total voting power must be above zero");
        }
        return validators;
    }
}
