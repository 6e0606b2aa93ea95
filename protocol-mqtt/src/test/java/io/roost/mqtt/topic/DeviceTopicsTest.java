package io.roost.mqtt.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceTopicsTest {

    @Test
    void eventPropertyBag_whenOwnEventsTopic_thenBag() {
        assertThat(DeviceTopics.eventPropertyBag("devices/d1/messages/events/a=b", "d1")).contains("a=b");
        assertThat(DeviceTopics.eventPropertyBag("devices/d1/messages/events/", "d1")).contains("");
        assertThat(DeviceTopics.eventPropertyBag("devices/d1/messages/events", "d1")).contains("");
    }

    @Test
    void eventPropertyBag_whenOtherDeviceOrUnknownTopic_thenEmpty() {
        assertThat(DeviceTopics.eventPropertyBag("devices/d2/messages/events/", "d1")).isEmpty();
        assertThat(DeviceTopics.eventPropertyBag("devices/d1x/messages/events/", "d1")).isEmpty();
        assertThat(DeviceTopics.eventPropertyBag("devices/d1/messages/eventsX", "d1")).isEmpty();
        assertThat(DeviceTopics.eventPropertyBag("devices/d1/messages/events/a/b", "d1")).isEmpty();
        assertThat(DeviceTopics.eventPropertyBag("$iothub/twin/GET/?$rid=1", "d1")).isEmpty();
    }
}
