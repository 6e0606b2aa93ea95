package io.roost.mqtt.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.message.SystemProperty;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyBagTest {

    @Test
    void parse_whenSystemAndApplicationProperties_thenSplitAndNamed() {
        PropertyBag bag = PropertyBag.parse("%24.mid=m1&%24.cid=c1&%24.uid=u1&%24.ct=application%2Fjson&%24.ce=utf-8"
                + "&%24.cdid=dev1&%24.to=%2Fdevices%2Fx&temp=21");

        assertThat(bag.systemProperties()).isEqualTo(Map.of(
                SystemProperty.MESSAGE_ID, "m1", SystemProperty.CORRELATION_ID, "c1", SystemProperty.USER_ID, "u1",
                SystemProperty.CONTENT_TYPE, "application/json", SystemProperty.CONTENT_ENCODING, "utf-8"));
        assertThat(bag.connectionDeviceId()).isEqualTo("dev1");
        assertThat(bag.applicationProperties()).isEqualTo(Map.of("temp", "21"));
    }

    @Test
    void parse_whenUnencodedDollarKeys_thenSystemPropertiesToo() {
        assertThat(PropertyBag.parse("$.mid=abc").systemProperties()).containsEntry(SystemProperty.MESSAGE_ID, "abc");
    }

    @Test
    void parse_whenEncodedSeparatorsSpacesAndUtf8_thenDecoded() {
        PropertyBag bag = PropertyBag.parse("a%26b=c%3Dd&sp=one%20two+three&gr%C3%BC%C3%9F=%E2%82%AC&empty=&flag");

        assertThat(bag.applicationProperties()).containsExactly(
                Map.entry("a&b", "c=d"), Map.entry("sp", "one two three"), Map.entry("grüß", "€"),
                Map.entry("empty", ""), Map.entry("flag", ""));
    }

    @Test
    void parse_whenEmpty_thenEmptyBag() {
        assertThat(PropertyBag.parse("")).isEqualTo(PropertyBag.EMPTY);
        assertThat(PropertyBag.parse("&&")).isEqualTo(PropertyBag.EMPTY);
    }

    @Test
    void parse_whenBadEscapeOrUtf8_thenRefused() {
        assertThatThrownBy(() -> PropertyBag.parse("a=%2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PropertyBag.parse("a=%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PropertyBag.parse("a=%C3")).isInstanceOf(IllegalArgumentException.class);
    }
}
