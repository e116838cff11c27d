package io.cutover.proposal.messaging;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.cutover.proposal.config.ServedNetworks;

/** Ready when upgrade.transactions has been read back and the Kafka cluster answers. */
@Readiness
@ApplicationScoped
public class KafkaWriteReadiness implements HealthCheck {

    private static final int TIMEOUT_MS = 2000;

    private final Admin admin;
    private final ServedNetworks networks;

    public KafkaWriteReadiness(KafkaClients clients, ServedNetworks networks) {
        Map<String, Object> props = clients.connection();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "proposal-service-health");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        this.admin = Admin.create(props);
        this.networks = networks;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka-upgrade-transactions").withData("transactionsKnown", networks.transactionsKnown());
        if (!networks.rebuilt()) {
            return response.down().withData("reason", "reading upgrade.transactions back").build();
        }
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            return response.status(nodes > 0).withData("brokers", nodes).build();
        } catch (Exception e) {
            return response.down().withData("reason", "Kafka does not answer: " + e.getClass().getSimpleName()).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
