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
import java.util.concurrent.atomic.AtomicInteger;
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
 * A batch is whatever is queued when the writer is free, up to {@code maxRows} rows; it never waits for more, so a
 * lone write is committed at once. A write may carry several rows (a pack of readings): it is never split across
 * transactions, so its rows commit together or not at all. If a batch fails, each of its writes is retried in a
 * transaction of its own, so one bad write fails alone. The queue is bounded in rows, not writes, so a burst of
 * packs cannot queue more readings than single POSTs could.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(GroupCommit.class);

    /** One statement of a batch, run on the writer thread inside the batch's transaction. */
    @FunctionalInterface
    interface Write<T> {
        T apply(Connection connection) throws SQLException;
    }

    private record Pending<T>(Write<T> write, int rows, CompletableFuture<T> future) {
        void run(Connection connection, List<Runnable> completions) throws SQLException {
            T result = write.apply(connection);
            completions.add(() -> future.complete(result));
        }
    }

    private static final Pending<Void> STOP = new Pending<>(c -> null, 0, new CompletableFuture<>());

    private final Connection connection;
    private final int maxRows;
    private final int rowCapacity;
    private final BlockingQueue<Pending<?>> queue;
    /** Rows submitted and not yet taken by the writer; admission keeps it at most {@link #rowCapacity}. */
    private final AtomicInteger queuedRows = new AtomicInteger();
    private final Thread writer;
    private final ExecutorService completer;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final Object admission = new Object();
    private boolean closing;

    /**
     * {@code connection} is used by the writer thread only, from {@link #start()} until {@link #close()}. A
     * transaction holds at most {@code maxRows} rows and at most {@code rowCapacity} rows wait for the writer.
     */
    GroupCommit(Connection connection, int maxRows, int rowCapacity, String threadName) {
        this.connection = connection;
        this.maxRows = maxRows;
        this.rowCapacity = rowCapacity;
        // every write has at least one row, so the queue never holds more writes than rows (+1 for the stop mark)
        this.queue = new ArrayBlockingQueue<>(rowCapacity + 1);
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

    /** Queues a write of one row; the future fails at once if the queue is full or the store is closing. */
    <T> CompletableFuture<T> submit(Write<T> write) {
        return submit(write, 1);
    }

    /**
     * Queues a write of {@code rows} rows (1 to {@code maxRows}), committed in one transaction; the future fails at
     * once if the queue has no room for that many rows or the store is closing.
     */
    <T> CompletableFuture<T> submit(Write<T> write, int rows) {
        if (rows < 1 || rows > maxRows) {
            throw new IllegalArgumentException("a write holds 1 to " + maxRows + " rows, not " + rows);
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        synchronized (admission) {
            if (closing) {
                future.completeExceptionally(new StoreException("store is closed"));
            } else if (queuedRows.get() + rows > rowCapacity) {
                future.completeExceptionally(new StoreOverloadedException("write queue full ("
                        + queuedRows.get() + " rows pending); retry later"));
            } else {
                queuedRows.addAndGet(rows);
                queue.add(new Pending<>(write, rows, future));
            }
        }
        return future;
    }

    /** Transactions committed so far. */
    long batches() {
        return batches.get();
    }

    /** Rows committed so far; {@code rows() / batches()} is the mean batch size. */
    long rows() {
        return rows.get();
    }

    private void runWriter() {
        List<Pending<?>> batch = new ArrayList<>();
        boolean stop = false;
        try {
            while (!stop) {
                try {
                    take(queue.take(), batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                fill(batch);
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

    /** Adds what is queued to {@code batch} while it fits in {@code maxRows}; only this thread takes from the queue. */
    private void fill(List<Pending<?>> batch) {
        int batchRows = batch.get(0).rows();
        Pending<?> next = queue.peek();
        while (next != null && batchRows + next.rows() <= maxRows) {
            take(queue.poll(), batch);
            batchRows += next.rows();
            next = queue.peek();
        }
    }

    private void take(Pending<?> pending, List<Pending<?>> batch) {
        queuedRows.addAndGet(-pending.rows());
        batch.add(pending);
    }

    private void commit(List<Pending<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        try {
            for (Pending<?> pending : batch) {
                pending.run(connection, completions);
            }
            connection.commit();
            batches.incrementAndGet();
            rows.addAndGet(batch.stream().mapToLong(Pending::rows).sum());
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
