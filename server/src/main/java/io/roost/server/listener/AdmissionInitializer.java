package io.roost.server.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.roost.server.config.ListenerName;
import io.roost.server.ipfilter.IpFilterGate;

/**
 * The first thing every accepted connection of a listener meets: the IP filter. A refused
 * connection is closed before its protocol pipeline (TLS included) exists, so it never costs a
 * handshake or a decoder; an admitted one gets the protocol's initializer. Stateless and sharable.
 */
@Sharable
final class AdmissionInitializer extends ChannelInitializer<Channel> {

    private final ListenerName listener;
    private final IpFilterGate gate;
    private final ChannelInitializer<Channel> protocol;

    AdmissionInitializer(ListenerName listener, IpFilterGate gate, ChannelInitializer<Channel> protocol) {
        this.listener = listener;
        this.gate = gate;
        this.protocol = protocol;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (gate.admits(listener, channel.remoteAddress())) {
            channel.pipeline().addLast(protocol);
        } else {
            // Nothing was read yet: autoRead's first read comes after registration, which runs this.
            channel.close();
        }
    }
}
