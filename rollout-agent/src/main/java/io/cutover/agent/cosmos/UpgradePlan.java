package io.cutover.agent.cosmos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An x/upgrade plan: the upgrade {@code name}, the {@code height} at which the chain needs it and
 * its free-text {@code info} (the binaries' URLs, or a URL to them).
 */
public record UpgradePlan(String name, long height, String info) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public UpgradePlan {
        info = info == null ? "" : info;
    }

    /** Plan.ValidateBasic's rules plus a name usable as a folder; null when valid. */
    public String problem() {
        if (name == null || name.isBlank()) {
            return "name cannot be empty";
        }
        if (name.equals(".") || name.equals("..") || name.contains("/")) {
            return "name \"" + name + "\" cannot be a folder name";
        }
        if (height <= 0) {
            return "height must be greater than 0, found " + height;
        }
        return null;
    }

    /** The Cutover proposal id of this plan, as it appears on rollout.status: "name@height". */
    public String proposalId() {
        return name + "@" + height;
    }

    /**
     * The JSON that x/upgrade writes ({@code DumpUpgradeInfoToDisk}, Go encoding/json of the
     * gogoproto Plan): {@code {"name":"v2","time":"0001-01-01T00:00:00Z","height":100,"info":"..."}},
     * height a number, info left out when empty.
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        node.put("time", "0001-01-01T00:00:00Z");
        node.put("height", height);
        if (!info.isEmpty()) {
            node.put("info", info);
        }
        return node.toString();
    }
}
