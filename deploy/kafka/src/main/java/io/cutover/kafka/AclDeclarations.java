package io.cutover.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code acls.conf}, the one declaration of who may do what on Cutover's Kafka: one grant a
 * line, {@code principal resource-type pattern name operation,operation...}. A principal ending in
 * {@code *} is a role that every user with that prefix holds. Plain JDK types only, so that
 * deploy/checks can read the same file with the same code.
 */
public final class AclDeclarations {

    private static final Set<String> RESOURCE_TYPES = Set.of("topic", "group", "transactionalId", "cluster");
    private static final Set<String> PATTERNS = Set.of("literal", "prefix");

    /** One grant: {@code principal} may perform {@code operations} on the resources it names. */
    public record Grant(String principal, String resourceType, String patternType, String name, List<String> operations) {

        public Grant {
            operations = List.copyOf(operations);
        }

        /** Whether the grant is a role's ({@code agent-*}) rather than one user's. */
        public boolean isRole() {
            return principal.endsWith("*");
        }

        /** Whether user {@code user} holds this grant. */
        public boolean appliesTo(String user) {
            return isRole() ? user.startsWith(principal.substring(0, principal.length() - 1)) && user.length() > principal.length() - 1
                    : principal.equals(user);
        }
    }

    private final List<Grant> grants;

    private AclDeclarations(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    public static AclDeclarations read(Path file) throws IOException {
        List<Grant> grants = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = file + ":" + lineNumber + ": ";
            if (parts.length != 5) {
                throw new IllegalArgumentException(where + "expected 'principal resource-type pattern name operations'");
            }
            if (!RESOURCE_TYPES.contains(parts[1])) {
                throw new IllegalArgumentException(where + "resource type '" + parts[1] + "' is not one of " + RESOURCE_TYPES);
            }
            if (!PATTERNS.contains(parts[2])) {
                throw new IllegalArgumentException(where + "pattern '" + parts[2] + "' is not one of " + PATTERNS);
            }
            grants.add(new Grant(parts[0], parts[1], parts[2], parts[3], List.of(parts[4].split(","))));
        }
        return new AclDeclarations(grants);
    }

    public List<Grant> grants() {
        return grants;
    }

    /** The grants {@code user} holds, its own and its role's. */
    public List<Grant> grantsOf(String user) {
        return grants.stream().filter(g -> g.appliesTo(user)).toList();
    }

    /** The users named outright (not roles): they exist in every secured broker. */
    public Set<String> namedUsers() {
        Set<String> users = new LinkedHashSet<>();
        grants.stream().filter(g -> !g.isRole()).forEach(g -> users.add(g.principal()));
        return users;
    }

    /** Whether some role or named user covers {@code user}. */
    public boolean declares(String user) {
        return !grantsOf(user).isEmpty();
    }
}
