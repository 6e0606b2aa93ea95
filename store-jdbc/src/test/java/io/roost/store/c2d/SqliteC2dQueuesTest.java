package io.roost.store.c2d;

import io.roost.core.c2d.C2dStore;
import java.nio.file.Path;

/** The C2D contract on the embedded SQLite store, a real file in a temp dir. */
class SqliteC2dQueuesTest extends C2dQueuesContract {

    @Override
    C2dStore openStore(Path dir) {
        return SqliteC2dStore.open(dir);
    }
}
