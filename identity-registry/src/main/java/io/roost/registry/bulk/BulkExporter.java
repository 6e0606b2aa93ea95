package io.roost.registry.bulk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roost.registry.device.Device;
import io.roost.registry.json.DeviceJson;
import io.roost.registry.store.RegistryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes every device as one JSON line of IoT Hub's export format
 * ({@code {"id":..,"eTag":..,"status":..,"statusReason":..,"authentication":{..}}}), by id, in pages
 * of 1,000; keys appear only when asked (else they are null). Feeding the output to an import
 * (default mode createOrUpdate) recreates the same devices. Stateless; thread-safe.
 */
public final class BulkExporter {

    private static final int PAGE = 1000;

    private BulkExporter() {
    }

    /** @return the number of devices written */
    public static long run(RegistryStore store, Writer out, boolean includeKeys) {
        long count = 0;
        String after = null;
        try {
            while (true) {
                List<Device> page = store.list(PAGE, after);
                for (Device d : page) {
                    out.write(line(d, includeKeys).toString());
                    out.write('\n');
                }
                count += page.size();
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).deviceId();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    static ObjectNode line(Device d, boolean includeKeys) {
        ObjectNode n = DeviceJson.MAPPER.createObjectNode();
        n.put("id", d.deviceId());
        n.put("eTag", d.etag());
        n.put("status", d.status().json());
        n.put("statusReason", d.statusReason());
        n.set("authentication", DeviceJson.authenticationNode(d.authentication(), includeKeys));
        return n;
    }
}
