package dev.whitemagic.persistence.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work handed to another thread, which the caller takes back and does itself if it has not begun by the time the
 * caller needs its result. So the caller never waits for a thread that is busy elsewhere (a pool full of waiting
 * callers cannot deadlock), and a busy executor costs only the time it would have saved.
 */
public final class Offload<T> {

    private static final int WAITING = 0;
    private static final int BEGUN = 1;
    private static final int TAKEN_BACK = 2;

    private final Callable<T> work;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final FutureTask<T> task;

    private Offload(Callable<T> work) {
        this.work = work;
        this.task = new FutureTask<>(() -> state.compareAndSet(WAITING, BEGUN) ? work.call() : null);
    }

    /** Hands {@code work} to {@code executor} ({@code null}, or one that refuses it: the caller does it in {@link #join}). */
    public static <T> Offload<T> submit(Executor executor, Callable<T> work) {
        Offload<T> offload = new Offload<>(work);
        if (executor != null) {
            try {
                executor.execute(offload.task);
            } catch (RejectedExecutionException e) {
                // done by the caller in join()
            }
        }
        return offload;
    }

    /**
     * The work's result: done here and now if no other thread has begun it, else waited for.
     *
     * @throws RuntimeException what the work threw, as it was thrown
     */
    public T join() {
        try {
            if (state.compareAndSet(WAITING, TAKEN_BACK)) {
                return work.call();
            }
            return task.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for offloaded work", e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw rethrown(e);
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("offloaded work failed", cause);
    }
}
