package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * The two hooks Cosmovisor runs between the halt and the start: the operator's script
 * (COSMOVISOR_CUSTOM_PREUPGRADE, {@code <script> <name> <height>}, any failure aborts) and the new
 * binary's {@code pre-upgrade} command, whose exit code means: 0 done, 1 not implemented (go on),
 * 30 failed (abort), 31 retry (at most DAEMON_PREUPGRADE_MAX_RETRIES more times, then abort).
 */
public final class PreUpgrade {

    private static final Logger LOG = Logger.getLogger(PreUpgrade.class);
    static final int NOT_IMPLEMENTED = 1;
    static final int FAILED = 30;
    static final int RETRY = 31;

    /** Passed: the upgrade may go on; Refused: why it stops. */
    public sealed interface Result {
    }

    public record Passed(String note) implements Result {
    }

    public record Refused(String reason) implements Result {
    }

    private final Path daemonHome;
    private final long timeoutMinutes;

    public PreUpgrade(Path daemonHome) {
        this(daemonHome, 60);
    }

    PreUpgrade(Path daemonHome, long timeoutMinutes) {
        this.daemonHome = daemonHome;
        this.timeoutMinutes = timeoutMinutes;
    }

    /** {@code $DAEMON_HOME/cosmovisor/<script> <name> <height>} in DAEMON_HOME; blank script: nothing to do. */
    public Result customScript(String script, UpgradePlan plan) {
        if (script.isBlank()) {
            return new Passed("no COSMOVISOR_CUSTOM_PREUPGRADE");
        }
        Path file = daemonHome.resolve(CosmovisorLayout.ROOT).resolve(script);
        if (!Files.isRegularFile(file)) {
            return new Refused("COSMOVISOR_CUSTOM_PREUPGRADE " + file + " does not exist");
        }
        try {
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(file, perms);
            int code = run(List.of(file.toString(), plan.name(), Long.toString(plan.height())));
            return code == 0 ? new Passed("custom pre-upgrade script done")
                    : new Refused("COSMOVISOR_CUSTOM_PREUPGRADE " + file + " exited with " + code);
        } catch (IOException e) {
            return new Refused("COSMOVISOR_CUSTOM_PREUPGRADE " + file + " could not run: " + e.getMessage());
        }
    }

    /** {@code <new binary> pre-upgrade}, retried on 31 up to {@code maxRetries} times. */
    public Result binaryPreUpgrade(Path binary, int maxRetries) {
        for (int attempt = 1; ; attempt++) {
            int code;
            try {
                code = run(List.of(binary.toString(), "pre-upgrade"));
            } catch (IOException e) {
                return new Refused(binary + " pre-upgrade could not run: " + e.getMessage());
            }
            switch (code) {
                case 0 -> {
                    return new Passed("pre-upgrade done");
                }
                case NOT_IMPLEMENTED -> {
                    return new Passed("pre-upgrade command does not exist (exit 1): continuing");
                }
                case FAILED -> {
                    return new Refused(binary + " pre-upgrade exited with 30: the upgrade is refused by the new binary");
                }
                case RETRY -> {
                    if (attempt > maxRetries) {
                        return new Refused(binary + " pre-upgrade exited with 31 on all " + attempt
                                + " attempts (DAEMON_PREUPGRADE_MAX_RETRIES=" + maxRetries + ")");
                    }
                    LOG.warnf("pre-upgrade exited with 31: retrying (attempt %d of %d)", attempt + 1, maxRetries + 1);
                }
                default -> {
                    LOG.warnf("pre-upgrade exited with %d (not 0, 1, 30 or 31): continuing, as Cosmovisor does", code);
                    return new Passed("pre-upgrade exited with " + code);
                }
            }
        }
    }

    /** Runs {@code command} in DAEMON_HOME; its output goes into the agent's log, as Cosmovisor logs it. */
    private int run(List<String> command) throws IOException {
        Path output = Files.createTempFile("cutover-pre-upgrade", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(daemonHome.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    process.destroyForcibly().waitFor();
                    throw new IOException(command.get(0) + " did not finish within " + timeoutMinutes + " min");
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("interrupted", e);
            } finally {
                String name = String.join(" ", command.subList(0, Math.min(2, command.size())));
                new String(Files.readAllBytes(output), java.nio.charset.StandardCharsets.UTF_8).lines()
                        .forEach(line -> LOG.infof("[%s] %s", name, line));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
