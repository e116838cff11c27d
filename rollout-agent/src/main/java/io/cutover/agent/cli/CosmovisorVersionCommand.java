package io.cutover.agent.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.agent.cosmos.CosmovisorLayout;
import io.cutover.agent.cosmos.CosmovisorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Prints this agent's version and the app's (current/bin/$DAEMON_NAME version).")
public class CosmovisorVersionCommand implements Callable<Integer> {

    @Option(names = "--output", description = "text or json", defaultValue = "text")
    String output;

    @Mixin
    CosmovisorConfigOption config;

    private final String version;

    public CosmovisorVersionCommand(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.version = version;
    }

    @Override
    public Integer call() throws Exception {
        CosmovisorSettings settings = config.settings(true);
        if (settings == null) {
            return 1;
        }
        CosmovisorLayout layout = settings.layout();
        Path binary = layout.binary(layout.currentRelease());
        String app = "";
        int code = 1;
        if (Files.isRegularFile(binary)) {
            Process p = new ProcessBuilder(binary.toString(), "version").redirectErrorStream(true).start();
            if (p.waitFor(30, TimeUnit.SECONDS)) {
                code = p.exitValue();
                app = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            } else {
                p.destroyForcibly();
            }
        }
        if (output.equals("json")) {
            var json = new ObjectMapper().createObjectNode().put("cosmovisor_version", version + " (Cutover rollout-agent)").put("app_version", app);
            System.out.println(json);
        } else {
            System.out.println("cosmovisor version: " + version + " (Cutover rollout-agent)");
            System.out.println(app);
        }
        return code == 0 ? 0 : 1;
    }
}
