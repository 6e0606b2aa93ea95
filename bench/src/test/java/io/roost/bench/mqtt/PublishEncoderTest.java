package io.roost.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;

class PublishEncoderTest {

    @Test
    void encode_whenQos1_thenNettysDecoderReadsTopicPacketIdAndPayload() {
        byte[] payload = PublishEncoder.payload(200);
        PublishEncoder encoder = new PublishEncoder("devices/load-7/messages/events/", 1, payload);

        MqttPublishMessage publish = decode(encoder.encode(UnpooledByteBufAllocator.DEFAULT, 65_535), encoder);

        assertThat(publish.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(publish.fixedHeader().isDup()).isFalse();
        assertThat(publish.fixedHeader().isRetain()).isFalse();
        assertThat(publish.variableHeader().topicName()).isEqualTo("devices/load-7/messages/events/");
        assertThat(publish.variableHeader().packetId()).isEqualTo(65_535);
        assertThat(ByteBufUtil.getBytes(publish.payload())).isEqualTo(payload);
        publish.release();
    }

    @Test
    void encode_whenQos0_thenNoPacketId() {
        PublishEncoder encoder = new PublishEncoder("devices/d/messages/events/", 0, PublishEncoder.payload(3));

        MqttPublishMessage publish = decode(encoder.encode(UnpooledByteBufAllocator.DEFAULT, 99), encoder);

        assertThat(publish.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
        assertThat(ByteBufUtil.getBytes(publish.payload())).containsExactly('a', 'b', 'c');
        publish.release();
    }

    @Test
    void encode_whenPayloadCrossesRemainingLengthBoundaries_thenStillDecodes() {
        // Remaining lengths of 127/128 and 16383/16384 bytes change the length field from 1 to 2 and 2 to 3 bytes.
        String topic = "t";
        for (int remaining : new int[] {127, 128, 16_383, 16_384, 2_097_152}) {
            int payloadBytes = remaining - 2 - topic.length() - 2;
            PublishEncoder encoder = new PublishEncoder(topic, 1, PublishEncoder.payload(payloadBytes));

            MqttPublishMessage publish = decode(encoder.encode(UnpooledByteBufAllocator.DEFAULT, 1), encoder);

            assertThat(publish.fixedHeader().remainingLength()).isEqualTo(remaining);
            assertThat(publish.payload().readableBytes()).isEqualTo(payloadBytes);
            publish.release();
        }
    }

    @Test
    void remainingLength_whenSpecExamples_thenVariableLengthBytes() {
        // MQTT 3.1.1 section 2.2.3, table 2.4.
        assertThat(PublishEncoder.remainingLength(0)).containsExactly(0x00);
        assertThat(PublishEncoder.remainingLength(127)).containsExactly(0x7F);
        assertThat(PublishEncoder.remainingLength(128)).containsExactly(0x80, 0x01);
        assertThat(PublishEncoder.remainingLength(16_383)).containsExactly(0xFF, 0x7F);
        assertThat(PublishEncoder.remainingLength(16_384)).containsExactly(0x80, 0x80, 0x01);
        assertThat(PublishEncoder.remainingLength(268_435_455)).containsExactly(0xFF, 0xFF, 0xFF, 0x7F);
    }

    private static MqttPublishMessage decode(ByteBuf packet, PublishEncoder encoder) {
        assertThat(packet.readableBytes()).isEqualTo(encoder.packetBytes());
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(4 * 1024 * 1024));
        channel.writeInbound(packet);
        MqttPublishMessage publish = channel.readInbound();
        assertThat(publish.decoderResult().isSuccess()).as("%s", publish.decoderResult()).isTrue();
        Object more = channel.readInbound();
        assertThat(more).isNull();
        channel.finishAndReleaseAll();
        return publish;
    }
}
