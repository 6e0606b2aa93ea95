package io.roost.registry.device;

import java.time.Instant;

/**
 * What a client may set on a device (a PUT body or an import line): everything else is owned by
 * the registry. Null fields mean "not given". Immutable; thread-safe.
 *
 * @param type null means {@code sas}
 * @param primaryKey null means "generate" on create and "keep" on replace (when both keys are null)
 */
public record DeviceSpec(String deviceId,
                         String etag,
                         DeviceStatus status,
                         String statusReason,
                         AuthenticationType type,
                         String primaryKey,
                         String secondaryKey,
                         X509Thumbprint thumbprint) {

    /** Longest {@code statusReason} (IoT Hub's limit; also the column width). */
    public static final int MAX_STATUS_REASON = 128;

    public DeviceSpec {
        if (statusReason != null && statusReason.length() > MAX_STATUS_REASON) {
            throw new io.roost.core.error.RoostException(io.roost.core.error.RoostException.Status.BAD_REQUEST,
                    "statusReason is longer than " + MAX_STATUS_REASON + " characters");
        }
    }

    public static DeviceSpec of(String deviceId) {
        return new DeviceSpec(deviceId, null, null, null, null, null, null, null);
    }

    public DeviceSpec withStatus(DeviceStatus newStatus, String reason) {
        return new DeviceSpec(deviceId, etag, newStatus, reason, type, primaryKey, secondaryKey, thumbprint);
    }

    public DeviceSpec withKeys(String primary, String secondary) {
        return new DeviceSpec(deviceId, etag, status, statusReason, AuthenticationType.SAS, primary,
                secondary, thumbprint);
    }

    public DeviceSpec withEtag(String newEtag) {
        return new DeviceSpec(deviceId, newEtag, status, statusReason, type, primaryKey, secondaryKey, thumbprint);
    }

    /** The device this spec creates: fresh generation id and etag, missing keys generated. */
    public Device toNewDevice(Instant now) {
        DeviceStatus s = status == null ? DeviceStatus.ENABLED : status;
        return Device.stored(DeviceId.requireValid(deviceId), Etags.newGenerationId(), Etags.next(), s,
                statusReason, now, authentication(null));
    }

    /**
     * The device after this spec replaces {@code current}: same generation id, new etag, keys kept
     * when the spec gives none, status time moved only when the status changes.
     */
    public Device replacing(Device current, Instant now) {
        DeviceStatus s = status == null ? current.status() : status;
        Instant statusTime = s == current.status() ? current.statusUpdatedTime() : now;
        return Device.stored(current.deviceId(), current.generationId(), Etags.next(), s, statusReason,
                statusTime, authentication(current.authentication()));
    }

    private DeviceAuthentication authentication(DeviceAuthentication current) {
        AuthenticationType t = type == null ? AuthenticationType.SAS : type;
        X509Thumbprint prints = thumbprint == null ? X509Thumbprint.NONE : thumbprint;
        if (t == AuthenticationType.SELF_SIGNED) {
            return new DeviceAuthentication(t, null, prints);
        }
        SymmetricKey keys;
        if (primaryKey == null && secondaryKey == null && current != null && current.symmetricKey() != null) {
            keys = current.symmetricKey();
        } else {
            keys = SymmetricKey.orGenerate(primaryKey, secondaryKey);
        }
        return new DeviceAuthentication(t, keys, prints);
    }
}
