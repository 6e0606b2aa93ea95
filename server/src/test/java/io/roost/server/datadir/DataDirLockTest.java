package io.roost.server.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // a lock held only for its effect
class DataDirLockTest {

    @TempDir
    Path dir;

    @Test
    void acquire_whenDirMissing_thenCreatesItAndWritesPid() throws Exception {
        Path dataDir = dir.resolve("a/data");

        try (DataDirLock lock = DataDirLock.acquire(dataDir, 4242)) {
            assertThat(Files.readString(dataDir.resolve(DataDirLock.FILE_NAME)).trim()).isEqualTo("4242");
        }
    }

    @Test
    void acquire_whenHeld_thenInUseWithOwnerPidAndFileUntouched() throws Exception {
        try (DataDirLock lock = DataDirLock.acquire(dir, 4242)) {
            assertThatThrownBy(() -> DataDirLock.acquire(dir, 7))
                    .isInstanceOf(DataDirInUseException.class)
                    .hasMessage("data dir " + dir + " is in use by another Roost server (pid 4242); stop it or choose another --data-dir");
            assertThat(Files.readString(dir.resolve(DataDirLock.FILE_NAME)).trim()).isEqualTo("4242");
        }
    }

    @Test
    void acquire_whenReleased_thenCanBeTakenAgain() throws Exception {
        DataDirLock.acquire(dir, 1).close();

        try (DataDirLock lock = DataDirLock.acquire(dir, 2)) {
            assertThat(Files.readString(dir.resolve(DataDirLock.FILE_NAME)).trim()).isEqualTo("2");
        }
    }
}
