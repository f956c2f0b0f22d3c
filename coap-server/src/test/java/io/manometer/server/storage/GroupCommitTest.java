package io.manometer.server.storage;

import static io.manometer.server.storage.Futures.await;
import static io.manometer.server.storage.Futures.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit, made deterministic: the first write blocks the writer on a latch, so everything submitted meanwhile
 * must wait in the queue and form the next batch. Rows are read through a second connection, so a row counts only
 * once its transaction committed.
 */
class GroupCommitTest {

    private static final String WRITER = "group-commit-test-writer";

    @TempDir
    Path dir;

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private Connection connection;
    private GroupCommit commit;

    @BeforeEach
    void create_table() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + database());
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE items (name TEXT PRIMARY KEY)");
        }
    }

    @AfterEach
    void close_and_check_the_writer_stopped() throws SQLException {
        release.countDown();
        if (commit != null) {
            commit.close();
        }
        connection.close();
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(WRITER) && thread.isAlive()), "writer thread leaked");
    }

    @Test
    void a_lone_write_is_committed_at_once_in_its_own_transaction() throws SQLException {
        start(16, 16);

        assertEquals("a", await(commit.submit(insert("a"))));

        assertEquals(List.of("a"), committedRows());
        assertEquals(1, commit.batches());
        assertEquals(1, commit.rows());
    }

    @Test
    void writes_queued_while_the_writer_is_busy_commit_as_one_transaction() throws SQLException {
        start(16, 16);
        CompletableFuture<String> first = submitBlockingFirst();

        List<CompletableFuture<String>> queued = submitInserts("a", "b", "c", "d", "e");
        assertTrue(queued.stream().noneMatch(CompletableFuture::isDone), "nothing queued may complete yet");
        release.countDown();

        assertEquals("first", await(first));
        assertEquals(List.of("a", "b", "c", "d", "e"), queued.stream().map(Futures::await).toList());
        assertEquals(List.of("a", "b", "c", "d", "e", "first"), committedRows());
        assertEquals(2, commit.batches());
        assertEquals(6, commit.rows());
    }

    @Test
    void a_batch_holds_at_most_max_batch_writes() throws SQLException {
        start(4, 16);
        CompletableFuture<String> first = submitBlockingFirst();

        List<CompletableFuture<String>> queued = submitInserts("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        release.countDown();

        await(first);
        queued.forEach(Futures::await);
        assertEquals(11, committedRows().size());
        // 1 (the blocked write) + 4 + 4 + 2
        assertEquals(4, commit.batches());
        assertEquals(11, commit.rows());
    }

    @Test
    void a_write_of_several_rows_is_never_split_and_counts_its_rows_against_the_batch() throws SQLException {
        start(4, 16);
        CompletableFuture<String> first = submitBlockingFirst();

        CompletableFuture<String> a = commit.submit(insert("a"));
        CompletableFuture<String> pack = commit.submit(insertAll("p1", "p2", "p3", "p4"), 4);
        CompletableFuture<String> b = commit.submit(insert("b"));
        release.countDown();

        await(first);
        assertEquals(List.of("a", "p1 p2 p3 p4", "b"), List.of(await(a), await(pack), await(b)));
        // the blocked write; then a (the pack of 4 does not fit beside it); the pack alone; b
        assertEquals(4, commit.batches());
        assertEquals(7, commit.rows());
        assertEquals(List.of("a", "b", "first", "p1", "p2", "p3", "p4"), committedRows());
    }

    @Test
    void a_write_of_several_rows_that_fails_leaves_none_of_them() throws SQLException {
        start(16, 16);
        CompletableFuture<String> first = submitBlockingFirst();
        CompletableFuture<String> a = commit.submit(insert("a"));
        CompletableFuture<String> halfDone = commit.submit(c -> {
            insertAll("x", "y").apply(c);
            throw new SQLException("disk gone after two rows");
        }, 3);
        release.countDown();

        await(first);
        await(a);
        assertInstanceOf(StoreException.class, failureOf(halfDone));
        assertEquals(List.of("a", "first"), committedRows());
    }

    @Test
    void the_queue_is_bounded_in_rows_not_writes() throws SQLException {
        start(16, 4);
        CompletableFuture<String> first = submitBlockingFirst();
        CompletableFuture<String> three = commit.submit(insertAll("a", "b", "c"), 3);

        CompletableFuture<String> two = commit.submit(insertAll("d", "e"), 2);
        CompletableFuture<String> one = commit.submit(insert("f"));

        assertInstanceOf(StoreOverloadedException.class, failureOf(two));
        release.countDown();
        await(first);
        assertEquals("a b c", await(three));
        assertEquals("f", await(one));
        assertEquals(List.of("a", "b", "c", "f", "first"), committedRows());
    }

    @Test
    void a_full_queue_refuses_the_write_at_once_with_store_overloaded() throws SQLException {
        start(16, 2);
        CompletableFuture<String> first = submitBlockingFirst();
        List<CompletableFuture<String>> accepted = submitInserts("a", "b");

        CompletableFuture<String> refused = commit.submit(insert("c"));

        assertTrue(refused.isCompletedExceptionally(), "a write beyond the capacity must fail without waiting");
        assertInstanceOf(StoreOverloadedException.class, failureOf(refused));
        release.countDown();
        await(first);
        accepted.forEach(Futures::await);
        assertEquals(List.of("a", "b", "first"), committedRows());
    }

    @Test
    void a_failing_write_fails_alone_and_the_rest_of_its_batch_commits() throws SQLException {
        start(16, 16);
        CompletableFuture<String> first = submitBlockingFirst();
        CompletableFuture<String> a = commit.submit(insert("a"));
        CompletableFuture<String> badSql = commit.submit(c -> {
            try (Statement statement = c.createStatement()) {
                statement.executeUpdate("INSERT INTO no_such_table VALUES (1)");
            }
            return "bad sql";
        });
        CompletableFuture<String> b = commit.submit(insert("b"));
        CompletableFuture<String> badCode = commit.submit(c -> {
            throw new IllegalStateException("bug in a write");
        });
        CompletableFuture<String> duplicate = commit.submit(insert("a"));
        CompletableFuture<String> d = commit.submit(insert("d"));
        release.countDown();

        await(first);
        assertEquals(List.of("a", "b", "d"), List.of(await(a), await(b), await(d)));
        Throwable sqlFailure = failureOf(badSql);
        assertInstanceOf(StoreException.class, sqlFailure);
        assertTrue(sqlFailure.getMessage().contains("no such table"), sqlFailure.getMessage());
        assertInstanceOf(StoreException.class, failureOf(badCode));
        assertInstanceOf(StoreException.class, failureOf(duplicate));
        assertEquals(List.of("a", "b", "d", "first"), committedRows());
        // the blocked write, then a, b and d each alone after their batch failed
        assertEquals(4, commit.batches());
        assertEquals(4, commit.rows());
    }

    @Test
    void close_commits_the_queued_writes_before_it_returns() throws Exception {
        start(16, 16);
        CompletableFuture<String> first = submitBlockingFirst();
        List<CompletableFuture<String>> queued = submitInserts("a", "b", "c");
        Thread closer = new Thread(commit::close, "group-commit-test-closer");
        closer.start();
        awaitJoining(closer);

        CompletableFuture<String> late = commit.submit(insert("late"));
        assertTrue(closer.isAlive(), "close() returned while a write was still running");
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(Futures.TIMEOUT_SECONDS));

        assertFalse(closer.isAlive(), "close() did not return");
        assertTrue(first.isDone());
        assertTrue(queued.stream().allMatch(write -> write.isDone() && !write.isCompletedExceptionally()));
        assertEquals(List.of("a", "b", "c", "first"), committedRows());
        Throwable refused = failureOf(late);
        assertInstanceOf(StoreException.class, refused);
        assertFalse(refused instanceof StoreOverloadedException, "a closed store is not an overloaded one");
    }

    @Test
    void a_write_submitted_after_close_fails_with_a_store_exception() throws SQLException {
        start(16, 16);
        await(commit.submit(insert("a")));
        commit.close();

        Throwable refused = failureOf(commit.submit(insert("b")));

        assertInstanceOf(StoreException.class, refused);
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
        assertEquals(List.of("a"), committedRows());
    }

    private void start(int maxBatch, int queueCapacity) throws SQLException {
        commit = new GroupCommit(connection, maxBatch, queueCapacity, WRITER);
        commit.start();
    }

    /** Submits a write that holds the writer until {@link #release}, and waits until the writer runs it. */
    private CompletableFuture<String> submitBlockingFirst() {
        CompletableFuture<String> first = commit.submit(c -> {
            entered.countDown();
            try {
                if (!release.await(Futures.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new SQLException("the test never released the writer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
            return insert("first").apply(c);
        });
        try {
            assertTrue(entered.await(Futures.TIMEOUT_SECONDS, TimeUnit.SECONDS), "the writer never ran the write");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        return first;
    }

    private List<CompletableFuture<String>> submitInserts(String... names) {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (String name : names) {
            futures.add(commit.submit(insert(name)));
        }
        return futures;
    }

    private static GroupCommit.Write<String> insert(String name) {
        return c -> {
            try (PreparedStatement statement = c.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
                statement.setString(1, name);
                statement.executeUpdate();
            }
            return name;
        };
    }

    /** One write of several rows; its result is their names joined by spaces. */
    private static GroupCommit.Write<String> insertAll(String... names) {
        return c -> {
            for (String name : names) {
                insert(name).apply(c);
            }
            return String.join(" ", names);
        };
    }

    /**
     * Waits until {@code closer} is inside {@code close()}'s bounded join on the writer, i.e. it has refused new
     * writes and queued its stop mark; there is no event to wait on, so this watches the thread's state, bounded.
     */
    private static void awaitJoining(Thread closer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Futures.TIMEOUT_SECONDS);
        while (closer.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                fail("close() never started waiting for the writer; state " + closer.getState());
            }
            Thread.yield();
        }
    }

    private List<String> committedRows() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + database());
                Statement statement = reader.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM items ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private Path database() {
        return dir.resolve("group-commit.db");
    }
}
