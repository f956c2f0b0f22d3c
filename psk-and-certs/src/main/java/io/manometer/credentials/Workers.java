package io.manometer.credentials;

import io.manometer.credentials.CredentialsProvisioner.Progress;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs one task per item (a device to issue, a file to load) on a bounded number of threads and stops at the
 * first failure. The work is CPU-bound (a key pair and a signature, or parsing a PEM file), so one thread per core
 * uses the machine; more would only queue.
 */
final class Workers {

    /** Work for one item. */
    @FunctionalInterface
    interface Task<T> {
        void run(T item) throws IOException, GeneralSecurityException, CredentialsException;
    }

    private final int threads;
    private final Progress progress;
    private int reported;

    Workers(int threads, Progress progress) {
        this.threads = threads;
        this.progress = progress;
    }

    /** One thread per core, no progress. */
    static Workers perCore() {
        return new Workers(Runtime.getRuntime().availableProcessors(), Progress.NONE);
    }

    /**
     * Runs {@code task} for every item, in no particular order, with at most one thread per item. A
     * {@link CredentialsException} is passed on as it is; any other failure is prefixed with {@code context} of
     * its item ("cannot issue credentials for dev-7").
     */
    <T> void forEach(List<T> items, Function<T, String> context, Task<T> task) throws CredentialsException {
        int total = items.size();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<CredentialsException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < total && failure.get() == null; i = next.getAndIncrement()) {
                T item = items.get(i);
                try {
                    task.run(item);
                } catch (CredentialsException e) {
                    failure.compareAndSet(null, e);
                    return;
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    failure.compareAndSet(null, new CredentialsException(context.apply(item) + ": " + e.getMessage(),
                            e));
                    return;
                }
                report(done.incrementAndGet(), total);
            }
        };
        int workers = Math.min(threads, total);
        if (workers <= 1) {
            worker.run();
        } else {
            runOnPool(workers, worker, failure);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void runOnPool(int workers, Runnable worker, AtomicReference<CredentialsException> failure) {
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "credentials-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(pool.submit(worker));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new CredentialsException("interrupted"));
        } catch (ExecutionException e) {
            // workers catch every exception; what arrives here is an Error such as OutOfMemoryError
            failure.compareAndSet(null, new CredentialsException(String.valueOf(e.getCause()), e.getCause()));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every {@link CredentialsProvisioner#PROGRESS_STEP} items, never backwards when two workers race. */
    private synchronized void report(int done, int total) {
        if (done % CredentialsProvisioner.PROGRESS_STEP == 0 && done > reported) {
            reported = done;
            progress.issued(done, total);
        }
    }
}
