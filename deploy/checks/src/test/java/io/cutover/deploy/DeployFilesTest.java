package io.cutover.deploy;

import static io.cutover.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cutover.testing.MonitoringFiles;

/** Every deploy file parses, and says what topics.conf, DESIGN.md and the ACL rule say. */
class DeployFilesTest {

    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    private static final List<DeployFiles.TopicSpec> TOPICS = DeployFiles.topicsConf(DeployFiles.read(ROOT.resolve("deploy/kafka/topics.conf")));

    @Test
    void everyYamlAndJsonFileParses() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("deploy/kubernetes", "deploy/compose", "deploy/monitoring")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(folder))) {
                walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml") || f.toString().endsWith(".json"))
                        .forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(11);
        for (Path file : files) {
            if (file.toString().endsWith(".json")) {
                assertThat(new ObjectMapper().readTree(file.toFile()).isObject()).as(file.toString()).isTrue();
            } else {
                assertThat(DeployFiles.yamlDocuments(file)).as(file.toString()).isNotEmpty()
                        .allSatisfy(doc -> assertThat(doc.isObject()).isTrue());
            }
        }
        List<JsonNode> kube = kubernetes();
        assertThat(kube).allSatisfy(doc -> {
            assertThat(doc.path("apiVersion").asText()).isNotEmpty();
            assertThat(doc.path("kind").asText()).isNotEmpty();
            assertThat(doc.path("metadata").path("name").asText()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        });
        Set<String> listed = new TreeSet<>();
        DeployFiles.yamlDocuments(KUBERNETES.resolve("kustomization.yaml")).get(0).path("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> list = Files.list(KUBERNETES)) {
            assertThat(listed).as("kustomization lists every manifest").isEqualTo(list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void kafkaTopicsHaveThePartitionsAndCleanupOfTopicsConfAndDesign() {
        // the public topics and the aggregator's snapshots: vote-aggregator creates its own journal when missing
        assertThat(TOPICS).extracting(DeployFiles.TopicSpec::name).containsExactlyInAnyOrder(
                "upgrade.transactions", "upgrade.proposals", "upgrade.approvals", "rollout.status", "upgrade.tally-snapshots");
        Map<String, String> designCleanup = Map.of("upgrade.transactions", "delete", "upgrade.proposals", "compact",
                "upgrade.approvals", "compact", "rollout.status", "compact", "upgrade.tally-snapshots", "compact");
        List<JsonNode> topics = kind("KafkaTopic");
        assertThat(topics).hasSameSizeAs(TOPICS);
        for (DeployFiles.TopicSpec spec : TOPICS) {
            JsonNode resource = topics.stream().filter(t -> t.path("spec").path("topicName").asText().equals(spec.name()))
                    .findFirst().orElseThrow(() -> new AssertionError("no KafkaTopic for " + spec.name()));
            JsonNode s = resource.path("spec");
            JsonNode config = s.path("config");
            assertThat(s.path("partitions").asInt()).as(spec.name() + " partitions").isEqualTo(spec.partitions());
            assertThat(config.path("cleanup.policy").asText()).as(spec.name() + " cleanup.policy")
                    .isEqualTo(spec.config().get("cleanup.policy")).isEqualTo(designCleanup.get(spec.name()));
            assertThat(config.path("retention.ms").asText(null)).as(spec.name() + " retention.ms").isEqualTo(spec.config().get("retention.ms"));
            spec.config().forEach((key, value) -> assertThat(config.path(key).asText()).as(spec.name() + " " + key).isEqualTo(value));
            assertThat(resource.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("cutover");
            int minIsr = config.path("min.insync.replicas").asInt();
            assertThat(minIsr).as(spec.name() + ": one broker may be down").isGreaterThanOrEqualTo(1).isLessThan(s.path("replicas").asInt());
        }
        assertThat(TOPICS).as("production replication: three replicas, two in sync")
                .allSatisfy(t -> assertThat(t.replication()).isEqualTo(3))
                .allSatisfy(t -> assertThat(t.config()).containsEntry("min.insync.replicas", "2"));
        assertThat(TOPICS.stream().filter(t -> t.config().get("cleanup.policy").equals("delete")))
                .as("the transaction log and the journal are never deleted")
                .allSatisfy(t -> assertThat(t.config()).containsEntry("retention.ms", "-1"));
    }

    @Test
    void aclsLetOnlyTheOwnerOfEachTopicWrite() {
        assertAclRule(new KafkaAcls(users()));
    }

    @Test
    void theAclCheckCatchesAnAgentThatMayWriteTransactions() {
        List<JsonNode> users = users();
        JsonNode agent = users.stream().filter(u -> u.path("metadata").path("name").asText().startsWith("agent-")).findFirst().orElseThrow();
        ObjectNode extra = ((ArrayNode) agent.path("spec").path("authorization").path("acls")).addObject();
        extra.putObject("resource").put("type", "topic").put("name", "upgrade.").put("patternType", "prefix");
        extra.putArray("operations").add("Write");
        assertThatThrownBy(() -> assertAclRule(new KafkaAcls(users))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("upgrade.transactions");
    }

    private static void assertAclRule(KafkaAcls acls) {
        Set<String> agents = acls.users().stream().filter(u -> u.startsWith("agent-")).collect(Collectors.toSet());
        assertThat(agents).isNotEmpty();
        Set<String> topicNames = TOPICS.stream().map(DeployFiles.TopicSpec::name).collect(Collectors.toSet());
        topicNames.add("upgrade.tally-journal");
        topicNames.add("upgrade.alerts");
        assertThat(topicNames).containsAll(acls.namedTopics());
        assertThat(acls.allowed("topic", "upgrade.tally-journal", "Create")).as("creators of the journal").containsExactly("vote-aggregator");
        assertThat(acls.allowed("topic", "upgrade.transactions", "Write")).as("writers of upgrade.transactions").containsExactly("proposal-service");
        assertThat(acls.allowed("topic", "upgrade.proposals", "Write")).as("writers of upgrade.proposals").containsExactly("vote-aggregator");
        assertThat(acls.allowed("topic", "upgrade.approvals", "Write")).as("writers of upgrade.approvals").containsExactly("vote-aggregator");
        assertThat(acls.allowed("topic", "upgrade.tally-journal", "Write")).as("writers of the journal").containsExactly("vote-aggregator");
        assertThat(acls.allowed("topic", "upgrade.tally-journal", "Delete")).as("trimmers of the journal").containsExactly("vote-aggregator");
        assertThat(acls.allowed("topic", "upgrade.tally-snapshots", "Write")).as("writers of the snapshots").containsExactly("vote-aggregator");
        assertThat(acls.allowed("topic", "upgrade.alerts", "Write")).as("writers of the alert log").containsExactly("vote-aggregator");
        assertThat(acls.allowed("transactionalId", "cutover-vote-aggregator", "Write")).containsExactly("vote-aggregator");
        assertThat(acls.allowed("topic", "rollout.status", "Write")).as("writers of rollout.status").isEqualTo(agents);
        for (String agent : agents) {
            assertThat(acls.topics(agent, "Write", topicNames)).as(agent + " writes").containsExactly("rollout.status");
            assertThat(acls.topics(agent, "Read", topicNames)).as(agent + " reads (approvals; the other agents' reports while its node waits for peers)").containsExactlyInAnyOrder("upgrade.approvals", "rollout.status");
            assertThat(acls.allowed("group", "cutover-agent-cutover-mainnet-validator-1", "Read")).contains(agent);
        }
        assertThat(acls.topics("vote-aggregator", "Read", topicNames))
                .containsExactlyInAnyOrder("upgrade.transactions", "rollout.status", "upgrade.tally-journal", "upgrade.tally-snapshots",
                        "upgrade.alerts");
        assertThat(acls.allowed("group", "cutover-vote-aggregator", "Read")).containsExactly("vote-aggregator");
        assertThat(acls.allowed("group", "proposal-service-0b6f", "Read")).containsExactly("proposal-service");
    }

    @Test
    void theKafkaClusterIsKraftAuthenticatedAuthorizedAndCreatesNoTopicItself() {
        JsonNode kafka = kind("Kafka").get(0);
        JsonNode pool = kind("KafkaNodePool").get(0);
        assertThat(pool.path("spec").path("roles")).extracting(JsonNode::asText).contains("controller", "broker");
        assertThat(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(kafka.path("metadata").path("name").asText());
        JsonNode spec = kafka.path("spec").path("kafka");
        assertThat(spec.path("authorization").path("type").asText()).isEqualTo("simple");
        assertThat(spec.path("config").path("auto.create.topics.enable").asBoolean(true)).isFalse();
        assertThat(spec.path("listeners")).isNotEmpty().allSatisfy(l -> {
            assertThat(l.path("tls").asBoolean()).as(l.path("name").asText() + " uses TLS").isTrue();
            assertThat(l.path("authentication").path("type").asText()).isIn("scram-sha-512", "tls");
        });
        assertThat(kafka.path("spec").path("entityOperator").has("topicOperator")).isTrue();
        assertThat(kafka.path("spec").path("entityOperator").has("userOperator")).isTrue();
    }

    @Test
    void servicesHaveHealthProbesResourcesConfigAndSecrets() {
        Set<String> configMaps = kind("ConfigMap").stream().map(c -> c.path("metadata").path("name").asText()).collect(Collectors.toSet());
        Set<String> users = new KafkaAcls(users()).users();
        List<JsonNode> deployments = kind("Deployment");
        assertThat(deployments).extracting(d -> d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("proposal-service", "vote-aggregator");
        for (JsonNode deployment : deployments) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode pod = deployment.path("spec").path("template");
            JsonNode container = pod.path("spec").path("containers").get(0);
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.path("resources").path("requests").has("memory")).as(name + " requests memory").isTrue();
            assertThat(container.path("resources").path("limits").has("memory")).as(name + " limits memory").isTrue();
            assertThat(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            List<String> mountedConfigMaps = new ArrayList<>();
            List<String> secrets = new ArrayList<>();
            pod.path("spec").path("volumes").forEach(v -> {
                if (v.has("configMap")) {
                    mountedConfigMaps.add(v.path("configMap").path("name").asText());
                }
                if (v.has("secret")) {
                    secrets.add(v.path("secret").path("secretName").asText());
                }
            });
            container.path("env").forEach(e -> {
                if (e.path("valueFrom").has("secretKeyRef")) {
                    secrets.add(e.path("valueFrom").path("secretKeyRef").path("name").asText());
                }
            });
            assertThat(configMaps).as(name + " mounts existing ConfigMaps").containsAll(mountedConfigMaps);
            assertThat(mountedConfigMaps).contains(name + "-config", "cutover-network");
            assertThat(secrets).as(name + ": its Kafka user's Secret and a TLS Secret").contains(name, name + "-tls");
            assertThat(users).contains(name);
            String properties = kind("ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().equals(name + "-config"))
                    .findFirst().orElseThrow().path("data").path("application.properties").asText();
            assertThat(properties).contains("kafka.security.protocol=SASL_SSL", "kafka.sasl.mechanism=SCRAM-SHA-512",
                    "quarkus.http.insecure-requests=disabled", "quarkus.tls.key-store.pem.0.cert=");
            JsonNode service = kind("Service").stream().filter(s -> s.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
            service.path("spec").path("selector").fields().forEachRemaining(label ->
                    assertThat(pod.path("metadata").path("labels").path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
        }
    }

    @Test
    void theComposeFileRunsTheServicesAndCreatesTheTopicsOfTopicsConf() {
        JsonNode compose = DeployFiles.yamlDocuments(ROOT.resolve("deploy/compose/compose.yaml")).get(0);
        JsonNode services = compose.path("services");
        assertThat(services.has("kafka") && services.has("topics") && services.has("proposal-service") && services.has("vote-aggregator")).isTrue();
        assertThat(services.path("topics").path("volumes").get(0).asText()).startsWith("../kafka/topics.conf:");
        assertThat(services.path("kafka").path("environment").path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
        services.fields().forEachRemaining(s -> {
            assertThat(s.getValue().path("image").asText()).as(s.getKey()).isNotEmpty();
            s.getValue().path("ports").forEach(p -> assertThat(p.asText()).as(s.getKey() + " binds loopback").startsWith("127.0.0.1:"));
        });
        assertThat(services.path("proposal-service").path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        assertThat(Files.isRegularFile(ROOT.resolve("deploy/compose/network.toml"))).isTrue();
    }

    @Test
    void theAgentUnitIsHardenedAndLetsTheAgentStopItsNode() {
        DeployFiles.Unit unit = DeployFiles.systemdUnit(DeployFiles.read(ROOT.resolve("deploy/systemd/rollout-agent.service")));
        assertThat(unit.sections()).containsOnlyKeys("Unit", "Service", "Install");
        assertThat(unit.value("Service", "ExecStart")).contains("rollout-agent run --home");
        assertThat(unit.value("Service", "NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.value("Service", "ProtectSystem")).isEqualTo("strict");
        assertThat(unit.value("Service", "PrivateTmp")).isEqualTo("yes");
        assertThat(unit.value("Service", "ProtectHome")).isEqualTo("yes");
        assertThat(unit.value("Service", "Restart")).isEqualTo("on-failure");
        assertThat(unit.value("Service", "KillMode")).as("SIGTERM to the agent only; it stops the node itself").isEqualTo("mixed");
        assertThat(unit.value("Service", "User")).isNotEqualTo("root").isNotNull();
        String home = unit.value("Service", "Environment").replaceFirst("^CUTOVER_HOME=", "");
        assertThat(unit.value("Service", "ReadWritePaths").split("\\s+")).as("the home is writable")
                .anySatisfy(path -> assertThat(home).startsWith(path));
        assertThat(Long.parseLong(unit.value("Service", "TimeoutStopSec").replace("s", "")))
                .as("longer than the agent's default stop sequence (15 s signal timeout)").isGreaterThan(15);
        assertThat(unit.value("Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void theUnitParserRejectsWhatSystemdWouldNot() {
        assertThatThrownBy(() -> DeployFiles.systemdUnit("Restart=always\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> DeployFiles.systemdUnit("[Service]\nRestart always\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> DeployFiles.systemdUnit("[Service\n")).hasMessageContaining("bad section");
        assertThat(DeployFiles.systemdUnit("[Service]\nExecStart=/bin/a \\\n  --b\n").value("Service", "ExecStart")).isEqualTo("/bin/a --b");
    }

    @Test
    void monitoringNamesOnlyMetricsTheServicesOwnAndAlertsOnWhatOpsMustKnow() {
        List<String> exprs = MonitoringFiles.expressions(MonitoringFiles.folder());
        Set<String> names = MonitoringFiles.metricNames(exprs);
        assertThat(names).hasSizeGreaterThan(15).allSatisfy(name -> assertThat(MonitoringFiles.OWNERS.values().stream()
                .filter(prefixes -> prefixes.stream().anyMatch(name::startsWith)).count()).as(name + " has one owner").isEqualTo(1));
        JsonNode rules = DeployFiles.yamlDocuments(ROOT.resolve("deploy/monitoring/alerts.yaml")).get(0);
        Map<String, String> alerts = new java.util.TreeMap<>();
        rules.path("groups").forEach(g -> g.path("rules").forEach(r -> {
            assertThat(r.path("labels").path("severity").asText()).isIn("critical", "warning");
            alerts.put(r.path("alert").asText(), r.path("expr").asText());
        }));
        assertThat(alerts.get("CutoverAgentFailed")).contains("cutover_agent_phase{phase=\"FAILED\"}");
        assertThat(alerts.get("CutoverUpgradeReadinessBelowThreshold")).contains("cutover_upgrade_ready_power", "cutover_network_required_power",
                "cutover_upgrade_blocks_to_height");
        assertThat(alerts.get("CutoverUpgradeWithinADay")).contains("cutover_upgrade_seconds_to_height");
        assertThat(alerts.get("CutoverUpgradeReadyPowerShortNearTime")).contains("cutover_upgrade_ready_power_ratio",
                "cutover_upgrade_seconds_to_height");
        assertThat(alerts.get("CutoverAggregatorLagging")).contains("cutover_aggregator_consumer_lag");
        assertThat(alerts.get("CutoverProposalServiceRefusing")).contains("rate(cutover_transactions_refused_total");
        JsonNode dashboard = DeployFiles.yamlDocuments(ROOT.resolve("deploy/monitoring/cutover-dashboard.json")).get(0);
        assertThat(dashboard.path("panels")).isNotEmpty();
        assertThat(exprs).anySatisfy(e -> assertThat(e).contains("cutover_agent_switchover_seconds"))
                .anySatisfy(e -> assertThat(e).contains("cutover_agent_staging_seconds"))
                .anySatisfy(e -> assertThat(e).contains("cutover_aggregator_approval_latency_seconds"))
                .anySatisfy(e -> assertThat(e).contains("cutover_proposal_approving_power"));
    }

    private static List<JsonNode> kubernetes() {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> list = Files.list(KUBERNETES)) {
            list.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml")).sorted()
                    .forEach(p -> all.addAll(DeployFiles.yamlDocuments(p)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    private static List<JsonNode> kind(String kind) {
        return kubernetes().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static List<JsonNode> users() {
        return kind("KafkaUser");
    }
}
