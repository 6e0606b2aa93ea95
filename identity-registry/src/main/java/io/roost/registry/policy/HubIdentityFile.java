package io.roost.registry.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roost.core.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@code hub.json}. The file holds every policy key, so it is created owner-only
 * ({@code rw-------}) through the create call itself, never widened and narrowed afterwards, and
 * replaced atomically: temp file, fsync, rename, fsync of the directory (as Kafka's
 * {@code CheckpointFile}). Stateless; callers serialise writes to one file.
 *
 * <pre>{"formatVersion":1, "hostName":"localhost",
 *  "sharedAccessPolicies":[{"keyName":"iothubowner","primaryKey":"..","secondaryKey":"..",
 *                           "rights":["RegistryRead","RegistryWrite","ServiceConnect","DeviceConnect"]}, ...]}</pre>
 */
final class HubIdentityFile {

    static final int FORMAT_VERSION = 1;
    static final Set<PosixFilePermission> OWNER_ONLY = AtomicFile.OWNER_ONLY;

    private static final Logger LOG = LoggerFactory.getLogger(HubIdentityFile.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HubIdentityFile() {
    }

    static HubIdentity read(Path file) throws IOException {
        warnIfOthersCanRead(file);
        JsonNode root = MAPPER.readTree(file.toFile());
        int version = root.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IOException(file + ": unsupported formatVersion " + version);
        }
        List<SharedAccessPolicy> policies = new ArrayList<>();
        for (JsonNode p : root.path("sharedAccessPolicies")) {
            EnumSet<Permission> rights = EnumSet.noneOf(Permission.class);
            for (JsonNode r : p.path("rights")) {
                rights.add(Permission.fromAzureName(r.asText()));
            }
            policies.add(new SharedAccessPolicy(p.path("keyName").asText(), p.path("primaryKey").asText(),
                    p.path("secondaryKey").asText(), rights));
        }
        return new HubIdentity(root.path("hostName").asText(), policies);
    }

    static void write(Path file, HubIdentity hub) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("hostName", hub.hostName());
        ArrayNode list = root.putArray("sharedAccessPolicies");
        for (SharedAccessPolicy p : hub.policies()) {
            ObjectNode n = list.addObject();
            n.put("keyName", p.name());
            n.put("primaryKey", p.primaryKey());
            n.put("secondaryKey", p.secondaryKey());
            ArrayNode rights = n.putArray("rights");
            p.permissions().forEach(r -> rights.add(r.azureName()));
        }
        byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        AtomicFile.write(file, bytes, AtomicFile.OWNER_ONLY);
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.removeAll(OWNER_ONLY);
            perms.remove(PosixFilePermission.OWNER_EXECUTE);
            if (!perms.isEmpty()) {
                LOG.warn("{} holds the hub's keys but others may access it ({}); run chmod 600 on it",
                        file, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
