package io.roost.server.datadir;

import java.nio.file.Path;
import java.util.OptionalLong;

/** Another Roost server holds the data directory's lock. */
public class DataDirInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataDirInUseException(Path dataDir, OptionalLong ownerPid) {
        super("data dir " + dataDir + " is in use by another Roost server"
                + (ownerPid.isPresent() ? " (pid " + ownerPid.getAsLong() + ")" : "")
                + "; stop it or choose another --data-dir");
    }
}
