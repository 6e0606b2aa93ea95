package io.roost.amqp;

import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;

/**
 * A device link Roost attaches but does not serve yet: the twin and direct-method links the Azure
 * device SDK opens. No credit is granted and nothing is sent, so the SDK's other links run.
 */
final class IdleLink implements LinkHandler {

    private final Link link;
    private final String deviceId;

    IdleLink(Link link, String deviceId) {
        this.link = link;
        this.deviceId = deviceId;
        link.open();
    }

    @Override
    public Link link() {
        return link;
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public void delivery(Delivery delivery) {
    }

    @Override
    public void closed() {
    }
}
