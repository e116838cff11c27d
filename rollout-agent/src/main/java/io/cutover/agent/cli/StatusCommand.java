package io.cutover.agent.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.runtime.StateStore;
import io.cutover.agent.runtime.Agent;
import io.cutover.agent.runtime.Identities;
import io.cutover.agent.runtime.StatusView;
import io.cutover.core.config.ConfigResult;
import io.cutover.core.events.EventJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints the agent's status (as on rollout.status): from the running agent, or from state.json.")
public class StatusCommand implements Callable<Integer> {

    @Option(names = "--home", required = true, description = "The agent's home folder.")
    Path home;

    @Override
    public Integer call() throws Exception {
        AgentHome agentHome = new AgentHome(home);
        ConfigResult<AgentConfig> read = AgentConfigParser.read(agentHome.root());
        if (read instanceof ConfigResult.Invalid<AgentConfig> invalid) {
            System.err.println(invalid.describe());
            return 2;
        }
        AgentConfig config = read.orThrow();
        try {
            HttpResponse<String> live = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build().send(
                    HttpRequest.newBuilder(URI.create("http://" + config.api().host() + ":" + config.api().port() + "/api/v1/status"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (live.statusCode() == 200) {
                System.out.println(live.body());
                return 0;
            }
        } catch (java.io.IOException e) {
            // not running: fall back to state.json
        }
        RolloutState state = new StateStore(agentHome.state()).load().orElse(null);
        if (state == null) {
            System.err.println("the agent is not running and has no state.json in " + agentHome.root());
            return 1;
        }
        Agent.Identity identity = Identities.resolve(agentHome, config).identity();
        System.err.println("(the agent is not running; from " + agentHome.state() + ")");
        String release = StatusView.releaseTag(state.runningRelease(), config.upgradeFolders(), identity.genesisRelease());
        System.out.println(EventJson.write(StatusView.of(state, release, identity.chainId(), identity.nodeName(),
                identity.validatorKey(), state.lastSeenHeight(), "",
                Clock.systemUTC().instant())));
        return 0;
    }
}
