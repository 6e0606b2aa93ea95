package io.roost.registry.revocation;

/** Why live sessions of a device must end. */
public enum RevocationReason {
    DISABLED,
    DELETED,
    /** Keys (or the authentication type or thumbprints) changed: tokens signed with old keys are void. */
    CREDENTIALS_CHANGED
}
