package io.roost.registry;

import io.roost.registry.device.Device;
import java.util.List;

/**
 * One page of a device listing, ordered by device id.
 *
 * @param continuation opaque; pass it back for the next page; null on the last page
 */
public record DevicePage(List<Device> devices, String continuation) {
}
