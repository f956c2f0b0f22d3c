package io.manometer.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkersTest {

    private static final List<Integer> ITEMS = IntStream.range(0, 2500).boxed().toList();

    @Test
    void every_item_runs_exactly_once() throws Exception {
        ConcurrentMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();

        new Workers(3, CredentialsProvisioner.Progress.NONE).forEach(ITEMS, item -> "item " + item,
                item -> runs.computeIfAbsent(item, key -> new AtomicInteger()).incrementAndGet());

        assertEquals(ITEMS.size(), runs.size());
        assertTrue(runs.values().stream().allMatch(count -> count.get() == 1));
    }

    @Test
    void progress_is_reported_every_step_and_never_backwards() throws Exception {
        List<Integer> reported = Collections.synchronizedList(new ArrayList<>());

        new Workers(3, (done, total) -> {
            assertEquals(ITEMS.size(), total);
            reported.add(done);
        }).forEach(ITEMS, item -> "item " + item, item -> { });

        // whoever reaches 1000 may be overtaken before it reports; 2000 is the last step, so it always is reported
        assertTrue(List.of(1000, 2000).containsAll(reported), reported.toString());
        assertEquals(reported.stream().sorted().toList(), reported);
        assertEquals(2000, reported.get(reported.size() - 1));
    }

    @Test
    void on_one_thread_progress_sees_every_step() throws Exception {
        List<Integer> reported = new ArrayList<>();

        new Workers(1, (done, total) -> reported.add(done)).forEach(ITEMS, item -> "item " + item, item -> { });

        assertEquals(List.of(1000, 2000), reported);
    }

    @Test
    void on_one_thread_the_first_failure_stops_the_run_and_names_its_item() {
        AtomicInteger ran = new AtomicInteger();

        CredentialsException e = assertThrows(CredentialsException.class,
                () -> new Workers(1, CredentialsProvisioner.Progress.NONE).forEach(ITEMS, item -> "item " + item,
                        item -> {
                            ran.incrementAndGet();
                            if (item == 10) {
                                throw new IOException("disk full");
                            }
                        }));

        assertEquals("item 10: disk full", e.getMessage());
        assertEquals(11, ran.get());
    }

    @Test
    void on_many_threads_a_failing_worker_takes_no_further_item() {
        // every item fails, so however the threads are scheduled each worker runs exactly one item and stops: a
        // worker that went on after its failure would run more
        Set<Integer> ran = ConcurrentHashMap.newKeySet();

        CredentialsException e = assertThrows(CredentialsException.class,
                () -> new Workers(2, CredentialsProvisioner.Progress.NONE).forEach(ITEMS, item -> "item " + item,
                        item -> {
                            ran.add(item);
                            throw new IOException("disk full at " + item);
                        }));

        assertTrue(ran.size() <= 2, "ran " + ran);
        assertTrue(ran.stream().anyMatch(item -> e.getMessage().equals("item " + item + ": disk full at " + item)),
                e.getMessage() + " names none of " + ran);
    }

    @Test
    void a_credentials_exception_is_passed_on_as_it_is() {
        CredentialsException broken = new CredentialsException("devices/dev-3.psk: PSK must be one line");

        CredentialsException e = assertThrows(CredentialsException.class,
                () -> new Workers(2, CredentialsProvisioner.Progress.NONE).forEach(List.of(1, 2, 3),
                        item -> "item " + item, item -> {
                            if (item == 3) {
                                throw broken;
                            }
                        }));

        assertSame(broken, e);
    }
}
