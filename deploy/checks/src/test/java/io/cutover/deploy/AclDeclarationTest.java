package io.cutover.deploy;

import static io.cutover.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.cutover.kafka.AclDeclarations;

/**
 * deploy/kafka/acls.conf is the one declaration of the ACLs: the secured broker of the tests and of
 * the local network applies it, and the Strimzi KafkaUsers of deploy/kubernetes/users.yaml must
 * grant exactly what it declares, user by user, so the two cannot drift apart.
 */
class AclDeclarationTest {

    private static final List<JsonNode> USERS = DeployFiles.yamlDocuments(ROOT.resolve("deploy/kubernetes/users.yaml")).stream()
            .filter(d -> d.path("kind").asText().equals("KafkaUser")).toList();

    @Test
    void everyStrimziUserGrantsExactlyWhatTheDeclarationDeclares() throws IOException {
        AclDeclarations declarations = declarations();
        Set<String> users = new TreeSet<>();
        for (JsonNode user : USERS) {
            String name = user.path("metadata").path("name").asText();
            users.add(name);
            assertThat(strimziGrants(user)).as("ACLs of KafkaUser " + name + " against deploy/kafka/acls.conf")
                    .isEqualTo(declaredGrants(declarations, name));
        }
        assertThat(users).as("every user acls.conf names has its KafkaUser").containsAll(declarations.namedUsers());
        assertThat(users).as("every role of acls.conf has a KafkaUser")
                .anyMatch(u -> declarations.grants().stream().anyMatch(g -> g.isRole() && g.appliesTo(u)));
    }

    @Test
    void aStrimziUserThatDriftsFromTheDeclarationIsCaught() throws IOException {
        AclDeclarations declarations = declarations();
        JsonNode agent = USERS.stream().filter(u -> u.path("metadata").path("name").asText().startsWith("agent-")).findFirst()
                .orElseThrow().deepCopy();
        ((ArrayNode) agent.path("spec").path("authorization").path("acls").get(0).path("operations")).add("Write");
        String name = agent.path("metadata").path("name").asText();
        assertThatThrownBy(() -> assertThat(strimziGrants(agent)).isEqualTo(declaredGrants(declarations, name)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Write");
    }

    @Test
    void theDeclarationKeepsEachTopicToItsOwnWriter() throws IOException {
        AclDeclarations declarations = declarations();
        assertThat(writers(declarations, "upgrade.transactions")).containsExactly("proposal-service");
        assertThat(writers(declarations, "upgrade.approvals")).containsExactly("vote-aggregator");
        assertThat(writers(declarations, "upgrade.proposals")).containsExactly("vote-aggregator");
        assertThat(writers(declarations, "upgrade.tally-journal")).containsExactly("vote-aggregator");
        assertThat(writers(declarations, "upgrade.tally-snapshots")).containsExactly("vote-aggregator");
        assertThat(writers(declarations, "upgrade.alerts")).containsExactly("vote-aggregator");
        assertThat(writers(declarations, "rollout.status")).containsExactly("agent-*");
        assertThat(declarations.grantsOf("ops")).allSatisfy(g -> assertThat(g.operations()).doesNotContain("Write", "All"));
        assertThat(declarations.grantsOf("agent-validator-7")).isNotEmpty();
        assertThat(declarations.declares("mallory")).isFalse();
    }

    private static Set<String> writers(AclDeclarations declarations, String topic) {
        Set<String> writers = new TreeSet<>();
        declarations.grants().stream()
                .filter(g -> g.resourceType().equals("topic") && (g.name().equals(topic) || g.name().equals("*")))
                .filter(g -> g.operations().contains("Write") || g.operations().contains("All"))
                .forEach(g -> writers.add(g.principal()));
        return writers;
    }

    private static AclDeclarations declarations() throws IOException {
        return AclDeclarations.read(ROOT.resolve("deploy/kafka/acls.conf"));
    }

    /** type pattern name operation, one string per operation granted. */
    private static Set<String> strimziGrants(JsonNode user) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            for (JsonNode operation : acl.path("operations")) {
                grants.add(resource.path("type").asText() + " " + resource.path("patternType").asText("literal") + " "
                        + resource.path("name").asText() + " " + operation.asText());
            }
        }
        return grants;
    }

    private static Set<String> declaredGrants(AclDeclarations declarations, String user) {
        Set<String> grants = new TreeSet<>();
        for (AclDeclarations.Grant grant : declarations.grantsOf(user)) {
            for (String operation : grant.operations()) {
                grants.add(grant.resourceType() + " " + grant.patternType() + " " + grant.name() + " " + operation);
            }
        }
        return grants;
    }
}
