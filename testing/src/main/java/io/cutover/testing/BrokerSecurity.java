package io.cutover.testing;

import java.util.List;

/**
 * How a {@link KafkaBroker} is secured: plaintext, or SASL/SCRAM-SHA-512 with the standard
 * authorizer and the ACLs of {@code deploy/kafka/acls.conf}, its named users (proposal-service,
 * vote-aggregator, ops) plus {@code roleUsers} (for example {@code agent-validator-1}).
 */
public record BrokerSecurity(boolean sasl, List<String> roleUsers) {

    public static final BrokerSecurity PLAINTEXT = new BrokerSecurity(false, List.of());

    public BrokerSecurity {
        roleUsers = List.copyOf(roleUsers);
    }

    public static BrokerSecurity sasl(List<String> roleUsers) {
        return new BrokerSecurity(true, roleUsers);
    }
}
