package io.manometer.server.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread turns the writes that queued up while the previous transaction was being made
 * durable into the next transaction, so many concurrent POSTs share one fsync instead of paying one each. Each
 * write's future completes only after its transaction committed.
 * <pre>
 *   handler threads ──submit──▶ [queue, bounded] ──▶ writer: BEGIN; w1; w2; … wn; COMMIT ──▶ complete futures
 * </pre>
 * A batch is whatever is queued when the writer is free (at most {@code maxBatch}); it never waits for more, so a
 * lone write is committed at once. If a batch fails, each of its writes is retried in a transaction of its own,
 * so one bad write fails alone.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(GroupCommit.class);

    /** One statement of a batch, run on the writer thread inside the batch's transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Connection connection) throws SQLException;
    }

    private record Pending<T>(Write<T> write, CompletableFuture<T> future) {
        void run(Connection connection, List<Runnable> completions) throws SQLException {
            T result = write.apply(connection);
            completions.add(() -> future.complete(result));
        }
    }

    private static final Pending<Void> STOP = new Pending<>(c -> null, new CompletableFuture<>());

    private final Connection connection;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue;
    private final Thread writer;
    private final ExecutorService completer;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final Object admission = new Object();
    private boolean closing;

    /** {@code connection} is used by the writer thread only, from {@link #start()} until {@link #close()}. */
    GroupCommit(Connection connection, int maxBatch, int queueCapacity, String threadName) {
        this.connection = connection;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new Thread(this::runWriter, threadName);
        this.writer.setDaemon(true);
        this.completer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName + "-done");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() throws SQLException {
        connection.setAutoCommit(false);
        writer.start();
    }

    /** Queues a write; the future fails at once if the queue is full or the store is closing. */
    <T> CompletableFuture<T> submit(Write<T> write) {
        CompletableFuture<T> future = new CompletableFuture<>();
        synchronized (admission) {
            if (closing) {
                future.completeExceptionally(new StoreException("store is closed"));
            } else if (!queue.offer(new Pending<>(write, future))) {
                future.completeExceptionally(new StoreOverloadedException("write queue full ("
                        + queue.size() + " pending); retry later"));
            }
        }
        return future;
    }

    /** Transactions committed so far. */
    long batches() {
        return batches.get();
    }

    /** Writes committed so far; {@code writes() / batches()} is the mean batch size. */
    long writes() {
        return writes.get();
    }

    private void runWriter() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        boolean stop = false;
        try {
            while (!stop) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                queue.drainTo(batch, maxBatch - 1);
                stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    commit(batch);
                }
                batch.clear();
            }
        } finally {
            // normally empty; after an Error no caller may be left waiting forever
            queue.drainTo(batch);
            batch.forEach(pending -> pending.future().completeExceptionally(
                    new StoreException("store writer stopped")));
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        try {
            for (Pending<?> pending : batch) {
                pending.run(connection, completions);
            }
            connection.commit();
            batches.incrementAndGet();
            writes.addAndGet(batch.size());
            // callers answer CoAP requests when their future completes; do that off the writer thread
            completer.execute(() -> completions.forEach(Runnable::run));
        } catch (SQLException | RuntimeException e) {
            rollback();
            if (batch.size() == 1) {
                LOGGER.error("write failed: {}", e.getMessage());
                batch.get(0).future().completeExceptionally(new StoreException("write failed: " + e.getMessage(),
                        e));
            } else {
                LOGGER.warn("batch of {} failed ({}); retrying each write alone", batch.size(), e.getMessage());
                batch.forEach(pending -> commit(List.of(pending)));
            }
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOGGER.warn("rollback failed: {}", e.getMessage());
        }
    }

    /** Commits what is queued, then stops the writer; waits at most 30 s. */
    @Override
    public void close() {
        synchronized (admission) {
            if (closing) {
                return;
            }
            closing = true;
        }
        if (writer.isAlive()) {
            try {
                queue.put(STOP);
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive()) {
                LOGGER.error("writer did not finish within 30 s; {} writes left uncommitted", queue.size());
            }
        }
        completer.shutdown();
        try {
            completer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
