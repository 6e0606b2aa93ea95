package io.roost.amqp;

import io.roost.core.log.ConsumerGroups;
import io.roost.core.log.TelemetryLog;

/** Whether a consumer group a partition receiver names exists; {@code $Default} always does. Stateless. */
final class ConsumerGroupsCheck {

    private ConsumerGroupsCheck() {
    }

    static boolean exists(TelemetryLog log, String group) {
        return group.equalsIgnoreCase(ConsumerGroups.DEFAULT_GROUP)
                || log.consumerGroups().groups().stream().anyMatch(group::equalsIgnoreCase);
    }
}
