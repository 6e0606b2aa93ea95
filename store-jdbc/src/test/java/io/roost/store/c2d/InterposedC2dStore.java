package io.roost.store.c2d;

import io.roost.core.c2d.C2dStore;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link SqliteC2dStore} with a test's hand on it: counts batch commits, can hold commits
 * until the test releases them, can make a chosen commit fail, and can make inserts for chosen
 * devices fail after the row was written (so only the savepoint undoes it). Every other call goes
 * straight through. Thread-safe for the test's side; the store side runs on the C2D store thread.
 */
final class InterposedC2dStore implements InvocationHandler {

    private static final long HOLD_LIMIT_SECONDS = 30;

    private final C2dStore real;
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger commitsStarted = new AtomicInteger();
    /** The number (counting from 1) of the batch commit to fail; 0 for none. */
    final AtomicInteger failingCommit = new AtomicInteger();
    final Set<String> failingInsertDevices = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private InterposedC2dStore(C2dStore real) {
        this.real = real;
    }

    static InterposedC2dStore around(C2dStore real) {
        return new InterposedC2dStore(real);
    }

    C2dStore store() {
        return (C2dStore) Proxy.newProxyInstance(C2dStore.class.getClassLoader(), new Class<?>[] {C2dStore.class}, this);
    }

    /** Commits from now on wait in {@code commitBatch} until {@link #release()}. */
    void holdCommits() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "commitBatch" -> {
                int number = commitsStarted.incrementAndGet();
                // Bounded, so a test that forgets to release still ends.
                hold.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
                if (number == failingCommit.get()) {
                    real.rollbackBatch();
                    throw new RoostException(Status.UNAVAILABLE, "the C2D store failed to commit (test)", null);
                }
                Object result = call(method, args);
                commits.incrementAndGet();
                return result;
            }
            case "insert" -> {
                Object result = call(method, args);
                if (failingInsertDevices.contains((String) args[0])) {
                    throw new RoostException(Status.UNAVAILABLE, "the C2D store failed (test)", null);
                }
                return result;
            }
            default -> {
                return call(method, args);
            }
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
