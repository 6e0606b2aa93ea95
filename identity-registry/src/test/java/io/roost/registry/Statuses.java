package io.roost.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the {@link RoostException} status of a call or a future. */
public final class Statuses {

    private Statuses() {
    }

    public static RoostException failsWith(Status status, ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        assertThat(t).isInstanceOf(RoostException.class);
        RoostException e = (RoostException) t;
        assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
        return e;
    }

    public static RoostException failsWith(Status status, CompletableFuture<?> future) {
        return failsWith(status, future::join);
    }
}
