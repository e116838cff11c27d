package io.cutover.aggregator.messaging;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Gives every partition of every input topic to one member of the group, so that one instance
 * applies all inputs in one order and the others stand by. The member that is already active
 * keeps the work across rebalances (it says so in its subscription), so a joining stand-by does
 * not cause a needless takeover.
 */
public final class OneOwnerAssignor implements ConsumerPartitionAssignor, Configurable {

    public static final String NAME = "cutover-one-owner";
    private static final Map<String, BooleanSupplier> ACTIVE_BY_CLIENT = new ConcurrentHashMap<>();

    private BooleanSupplier active = () -> false;

    /** Lets the assignor of consumer {@code clientId} tell the group whether it holds the work. */
    static void register(String clientId, BooleanSupplier isActive) {
        ACTIVE_BY_CLIENT.put(clientId, isActive);
    }

    static void unregister(String clientId) {
        ACTIVE_BY_CLIENT.remove(clientId);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object clientId = configs.get("client.id");
        if (clientId != null && ACTIVE_BY_CLIENT.containsKey(clientId.toString())) {
            active = ACTIVE_BY_CLIENT.get(clientId.toString());
        }
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.wrap(new byte[] {(byte) (active.getAsBoolean() ? 1 : 0)});
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = groupSubscription.groupSubscription();
        String owner = members.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Subscription> e) -> !isActive(e.getValue())).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        Set<String> topics = new TreeSet<>();
        members.values().forEach(s -> topics.addAll(s.topics()));
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> partitions = metadata.partitionsForTopic(topic);
            partitions.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        }
        Map<String, Assignment> assignments = new HashMap<>();
        members.keySet().forEach(member -> assignments.put(member, new Assignment(member.equals(owner) ? all : List.of())));
        return new GroupAssignment(assignments);
    }

    private static boolean isActive(Subscription subscription) {
        ByteBuffer data = subscription.userData();
        return data != null && data.remaining() > 0 && data.get(data.position()) == 1;
    }

    @Override
    public String name() {
        return NAME;
    }
}
