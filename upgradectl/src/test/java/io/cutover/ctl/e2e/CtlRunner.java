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

/** Runs the packaged command line ({@code bin/upgradectl}) as an operator would, one process per command. */
public final class CtlRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private final Path launcher;
    private final ChildProcesses processes;
    private final List<String> endpoints;

    /**
     * @param launcher  {@code bin/upgradectl}
     * @param endpoints options given to every command that talks to a service (--endpoint, --query-endpoint)
     */
    public CtlRunner(Path launcher, ChildProcesses processes, List<String> endpoints) {
        this.launcher = launcher;
        this.processes = processes;
        this.endpoints = List.copyOf(endpoints);
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
