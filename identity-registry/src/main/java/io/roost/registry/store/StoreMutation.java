package io.roost.registry.store;

import io.roost.registry.device.Device;

/** One change in a {@link RegistryStore#applyBatch} transaction. */
public sealed interface StoreMutation {

    String deviceId();

    record Insert(Device device) implements StoreMutation {
        @Override
        public String deviceId() {
            return device.deviceId();
        }
    }

    /** @param expectedEtag null: any */
    record Update(Device device, String expectedEtag) implements StoreMutation {
        @Override
        public String deviceId() {
            return device.deviceId();
        }
    }

    /** @param expectedEtag null: any */
    record Delete(String deviceId, String expectedEtag) implements StoreMutation {
    }
}
