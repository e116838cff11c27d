package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.UUID;

/**
 * Cosmovisor's folders under {@code $DAEMON_HOME}:
 * <pre>
 * cosmovisor/genesis/bin/$DAEMON_NAME
 * cosmovisor/upgrades/&lt;name&gt;/bin/$DAEMON_NAME     name lower-cased (unless COSMOVISOR_DISABLE_RECASE), path-escaped
 * cosmovisor/upgrades/&lt;name&gt;/upgrade-info.json   the plan, written when the upgrade is applied
 * cosmovisor/current -&gt; genesis | upgrades/&lt;name&gt;  relative link, replaced atomically (temp link + rename)
 * cosmovisor/config.toml                           optional settings
 * cosmovisor/.cutover/                             Cutover: state.json, children.pids, downloads in progress
 * data/upgrade-info.json                           written by the node at the upgrade height
 * </pre>
 * A release is named by its folder relative to {@code cosmovisor/}: "genesis" or "upgrades/v2".
 */
public record CosmovisorLayout(Path daemonHome, String daemonName, boolean disableRecase) {

    public static final String ROOT = "cosmovisor";
    public static final String GENESIS = "genesis";
    public static final String UPGRADES = "upgrades";
    public static final String UPGRADE_INFO = "upgrade-info.json";

    public Path root() {
        return daemonHome.resolve(ROOT);
    }

    public Path current() {
        return root().resolve("current");
    }

    public Path upgradeInfoFile() {
        return daemonHome.resolve("data").resolve(UPGRADE_INFO);
    }

    public Path dataDir() {
        return daemonHome.resolve("data");
    }

    public Path work() throws IOException {
        return Files.createDirectories(root().resolve(".cutover"));
    }

    /** The release folder of a plan name: "upgrades/" + the (lower-cased) path-escaped name. */
    public String releaseOf(String planName) {
        String name = disableRecase ? planName : planName.toLowerCase(Locale.ROOT);
        return UPGRADES + "/" + pathEscape(name);
    }

    public Path folder(String release) {
        Path path = root().resolve(release).normalize();
        if (!path.startsWith(root()) || path.equals(root())) {
            throw new IllegalArgumentException("release folder must be inside " + root() + ": " + release);
        }
        return path;
    }

    public Path binary(String release) {
        return folder(release).resolve("bin").resolve(daemonName);
    }

    /** The release {@code current} points to; genesis when there is no link (Cosmovisor creates it then). */
    public String currentRelease() throws IOException {
        if (!Files.isSymbolicLink(current())) {
            return GENESIS;
        }
        Path target = Files.readSymbolicLink(current());
        Path resolved = target.isAbsolute() ? target : root().resolve(target).normalize();
        return root().relativize(resolved).toString();
    }

    /** Re-points {@code current} at {@code release} with a relative link renamed over the old one: always whole. */
    public void pointCurrentAt(String release) throws IOException {
        Path folder = folder(release);
        Path temp = root().resolve(".current-" + UUID.randomUUID());
        Files.createSymbolicLink(temp, root().relativize(folder));
        try {
            Files.move(temp, current(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates {@code current -> genesis} when {@code current} is missing or not a link, as Cosmovisor does. */
    public void ensureCurrent() throws IOException {
        if (!Files.isSymbolicLink(current())) {
            if (Files.exists(current(), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(current() + " exists and is not a symbolic link; move it away");
            }
            pointCurrentAt(GENESIS);
        }
    }

    /** The plan recorded in {@code current/upgrade-info.json} when its upgrade was applied (genesis has none). */
    public Path recordedPlan(String release) {
        return folder(release).resolve(UPGRADE_INFO);
    }

    /** Go's url.PathEscape: every byte but unreserved characters and $&+,:;=@ is %XX-escaped. */
    static String pathEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-_.~$&+,:;=@".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
