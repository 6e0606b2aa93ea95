package io.roost.registry.store;

import io.roost.registry.device.AuthenticationType;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceAuthentication;
import io.roost.registry.device.DeviceStatus;
import io.roost.registry.device.SymmetricKey;
import io.roost.registry.device.X509Thumbprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's statements in portable SQL (SQLite and PostgreSQL; {@code LIMIT} is the one
 * non-standard word and both accept it), and the mapping between a row and a {@link Device}. A
 * store supplies the connection and the transaction. Stateless; thread-safe.
 */
final class DeviceSql {

    private static final String COLUMNS = "device_id, generation_id, etag, status, status_reason, status_updated_ms,"
            + " auth_type, primary_key, secondary_key, primary_thumbprint, secondary_thumbprint";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM devices";
    private static final int IN_LIST_CHUNK = 500;

    private DeviceSql() {
    }

    static Optional<Device> find(Connection c, String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static Map<String, Device> findAll(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Device> found = new HashMap<>();
        Iterator<String> it = ids.iterator();
        while (it.hasNext()) {
            List<String> chunk = new ArrayList<>();
            while (it.hasNext() && chunk.size() < IN_LIST_CHUNK) {
                chunk.add(it.next());
            }
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE device_id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Device d = read(rs);
                        found.put(d.deviceId(), d);
                    }
                }
            }
        }
        return found;
    }

    static List<Device> list(Connection c, int top, String after) throws SQLException {
        String sql = SELECT + (after == null ? "" : " WHERE device_id > ?") + " ORDER BY device_id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (after != null) {
                ps.setString(i++, after);
            }
            ps.setInt(i, top);
            List<Device> page = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(read(rs));
                }
            }
            return page;
        }
    }

    static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM devices");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void insert(Connection c, Device d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO devices (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, d.deviceId());
            bindValues(ps, 2, d);
            ps.executeUpdate();
        }
    }

    static boolean update(Connection c, Device d, String expectedEtag) throws SQLException {
        String sql = "UPDATE devices SET generation_id = ?, etag = ?, status = ?, status_reason = ?,"
                + " status_updated_ms = ?, auth_type = ?, primary_key = ?, secondary_key = ?,"
                + " primary_thumbprint = ?, secondary_thumbprint = ? WHERE device_id = ?"
                + (expectedEtag == null ? "" : " AND etag = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = bindValues(ps, 1, d);
            ps.setString(next++, d.deviceId());
            if (expectedEtag != null) {
                ps.setString(next, expectedEtag);
            }
            return ps.executeUpdate() == 1;
        }
    }

    static boolean delete(Connection c, String deviceId, String expectedEtag) throws SQLException {
        String sql = "DELETE FROM devices WHERE device_id = ?" + (expectedEtag == null ? "" : " AND etag = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, deviceId);
            if (expectedEtag != null) {
                ps.setString(2, expectedEtag);
            }
            return ps.executeUpdate() == 1;
        }
    }

    /** Binds every column but device_id from {@code first}; returns the next parameter index. */
    private static int bindValues(PreparedStatement ps, int first, Device d) throws SQLException {
        int i = first;
        ps.setString(i++, d.generationId());
        ps.setString(i++, d.etag());
        ps.setString(i++, d.status().json());
        ps.setString(i++, d.statusReason());
        if (d.statusUpdatedTime() == null) {
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, d.statusUpdatedTime().toEpochMilli());
        }
        DeviceAuthentication auth = d.authentication();
        ps.setString(i++, auth.type().json());
        ps.setString(i++, auth.symmetricKey() == null ? null : auth.symmetricKey().primaryKey());
        ps.setString(i++, auth.symmetricKey() == null ? null : auth.symmetricKey().secondaryKey());
        ps.setString(i++, auth.x509Thumbprint().primaryThumbprint());
        ps.setString(i++, auth.x509Thumbprint().secondaryThumbprint());
        return i;
    }

    private static Device read(ResultSet rs) throws SQLException {
        long statusMs = rs.getLong("status_updated_ms");
        Instant statusTime = rs.wasNull() ? null : Instant.ofEpochMilli(statusMs);
        String primary = rs.getString("primary_key");
        SymmetricKey keys = primary == null ? null : new SymmetricKey(primary, rs.getString("secondary_key"));
        DeviceAuthentication auth = new DeviceAuthentication(AuthenticationType.fromJson(rs.getString("auth_type")),
                keys, new X509Thumbprint(rs.getString("primary_thumbprint"), rs.getString("secondary_thumbprint")));
        return Device.stored(rs.getString("device_id"), rs.getString("generation_id"), rs.getString("etag"),
                DeviceStatus.fromJson(rs.getString("status")), rs.getString("status_reason"), statusTime, auth);
    }
}
