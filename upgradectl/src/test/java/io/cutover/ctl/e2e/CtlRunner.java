package io.cutover.ctl.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.ctl.Cli;

/**
 * Runs the command line against the test's services: the packaged one ({@code bin/upgradectl}) as an
 * operator would, one process per command, or the same command line in the test's JVM
 * ({@link Cli}), which costs no JVM start and so serves the many checks whose point is
 * what the services answer rather than how the command line was packaged.
 */
public final class CtlRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private final Path launcher;
    private final ChildProcesses processes;
    private final List<String> endpoints;
    private final boolean inThisJvm;

    /**
     * @param launcher  {@code bin/upgradectl}
     * @param endpoints options given to every command that talks to a service (--endpoint, --query-endpoint)
     */
    public CtlRunner(Path launcher, ChildProcesses processes, List<String> endpoints) {
        this(launcher, processes, endpoints, false);
    }

    private CtlRunner(Path launcher, ChildProcesses processes, List<String> endpoints, boolean inThisJvm) {
        this.launcher = launcher;
        this.processes = processes;
        this.endpoints = List.copyOf(endpoints);
        this.inThisJvm = inThisJvm;
    }

    /** The same commands and endpoints, run in the test's JVM. */
    public CtlRunner inThisJvm() {
        return new CtlRunner(launcher, processes, endpoints, true);
    }

    /** What one run printed and how it ended. */
    public record Result(List<String> args, int exitCode, String stdout, String stderr) {

        public JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("not one JSON document on stdout of " + this, e);
            }
        }

        @Override
        public String toString() {
            return "upgradectl " + String.join(" ", args) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs a command against the test's services. */
    public Result run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(endpoints);
        return runExactly(all);
    }

    /** Runs exactly these arguments (no endpoints added). */
    public Result runExactly(List<String> args) {
        if (inThisJvm) {
            Cli.Result result = Cli.run(args.toArray(String[]::new));
            return new Result(List.copyOf(args), result.exitCode(), result.getOutput(), result.getErrorOutput());
        }
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("CUTOVER_KEY");
        builder.environment().remove("UPGRADECTL_DEBUG");
        Process process = processes.start(builder);
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                ChildProcesses.stop(process.toHandle());
                throw new AssertionError("upgradectl " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(List.copyOf(args), process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
