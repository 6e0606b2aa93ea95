package io.roost.amqp;

/**
 * A node of the Event Hubs-compatible endpoint, as the Event Hubs client names it: {@code $management},
 * or a partition {@code {hubName}/ConsumerGroups/{group}/Partitions/{n}} (the hub name compared
 * case-insensitively, as Event Hubs entity names are; a leading {@code amqps://host/} is tolerated).
 * Immutable.
 *
 * @param group the consumer group, null for {@code $management}
 * @param partition the partition, -1 for {@code $management}
 */
record EventHubAddress(String group, int partition) {

    static final String MANAGEMENT = "$management";

    boolean isManagement() {
        return group == null;
    }

    /** The node the address names, or null when it is none of this endpoint's. */
    static EventHubAddress parse(String address, String hubName) {
        if (address == null) {
            return null;
        }
        String path = address;
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : path.substring(slash + 1);
        }
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.equals(MANAGEMENT)) {
            return new EventHubAddress(null, -1);
        }
        String[] parts = path.split("/", -1);
        if (parts.length != 5 || !parts[0].equalsIgnoreCase(hubName) || !parts[1].equalsIgnoreCase("ConsumerGroups")
                || parts[2].isEmpty() || !parts[3].equalsIgnoreCase("Partitions")) {
            return null;
        }
        try {
            int partition = Integer.parseInt(parts[4]);
            return partition < 0 ? null : new EventHubAddress(parts[2], partition);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
