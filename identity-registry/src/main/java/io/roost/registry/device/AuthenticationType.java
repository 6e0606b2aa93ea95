package io.roost.registry.device;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;

/**
 * How a device proves its identity. Roost verifies {@link #SAS} today; {@link #SELF_SIGNED}
 * (X.509 thumbprints) is modelled and stored so that adding it later changes no format.
 */
public enum AuthenticationType {
    SAS("sas"),
    SELF_SIGNED("selfSigned");

    private final String json;

    AuthenticationType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static AuthenticationType fromJson(String value) {
        for (AuthenticationType t : values()) {
            if (t.json.equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new RoostException(Status.BAD_REQUEST, "authentication.type must be sas or selfSigned");
    }
}
