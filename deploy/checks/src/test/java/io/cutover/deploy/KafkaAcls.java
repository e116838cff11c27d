package io.cutover.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** Who may do what on which topic, read from Strimzi KafkaUser resources. */
final class KafkaAcls {

    private final Map<String, JsonNode> users = new TreeMap<>();

    KafkaAcls(List<JsonNode> documents) {
        for (JsonNode doc : documents) {
            if (doc.path("kind").asText().equals("KafkaUser")) {
                users.put(doc.path("metadata").path("name").asText(), doc);
            }
        }
    }

    Set<String> users() {
        return users.keySet();
    }

    /** The users allowed {@code operation} on the resource {@code name} of {@code type} (topic, group, transactionalId). */
    Set<String> allowed(String type, String name, String operation) {
        Set<String> who = new TreeSet<>();
        users.forEach((user, doc) -> {
            for (JsonNode acl : doc.path("spec").path("authorization").path("acls")) {
                if (covers(acl.path("resource"), type, name) && has(acl, operation)) {
                    who.add(user);
                }
            }
        });
        return who;
    }

    /** The topics {@code user} may perform {@code operation} on, among {@code topics}. */
    Set<String> topics(String user, String operation, Set<String> topics) {
        Set<String> result = new TreeSet<>();
        for (String topic : topics) {
            if (allowed("topic", topic, operation).contains(user)) {
                result.add(topic);
            }
        }
        return result;
    }

    /** The topic names the ACLs mention (not the wildcard). */
    Set<String> namedTopics() {
        Set<String> names = new TreeSet<>();
        users.values().forEach(doc -> doc.path("spec").path("authorization").path("acls").forEach(acl -> {
            if (acl.path("resource").path("type").asText().equals("topic") && !acl.path("resource").path("name").asText().equals("*")) {
                names.add(acl.path("resource").path("name").asText());
            }
        }));
        return names;
    }

    private static boolean covers(JsonNode resource, String type, String name) {
        if (!resource.path("type").asText().equals(type)) {
            return false;
        }
        String pattern = resource.path("name").asText();
        return switch (resource.path("patternType").asText("literal")) {
            case "prefix" -> name.startsWith(pattern);
            default -> pattern.equals("*") || pattern.equals(name);
        };
    }

    private static boolean has(JsonNode acl, String operation) {
        for (JsonNode op : acl.path("operations")) {
            if (op.asText().equals(operation) || op.asText().equals("All")) {
                return true;
            }
        }
        return acl.path("operation").asText().equals(operation);
    }
}
