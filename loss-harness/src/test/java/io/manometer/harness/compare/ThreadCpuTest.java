package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void server_threads_are_told_apart_by_their_port() {
        Predicate<String> server = ThreadCpu.dtlsThreadsOf(5684);
        Predicate<String> others = ThreadCpu.dtlsThreadsExcept(5684);

        assertTrue(server.test("DTLS-Receiver--127.0.0.1:5684"));
        assertTrue(server.test("DTLS-Worker--127.0.0.1:5684#2"));
        assertFalse(server.test("DTLS-Worker--127.0.0.1:56840#1"));
        assertFalse(server.test("CoapServer(main)#1"));
        assertTrue(others.test("DTLS-Worker--127.0.0.1:56840#1"));
        assertFalse(others.test("DTLS-Receiver--127.0.0.1:5684"));
        assertFalse(others.test("manometer-link-15684"));
    }

    @Test
    void spent_counts_new_threads_from_zero_and_ignores_ended_ones() {
        Map<Long, Long> before = Map.of(1L, 100L, 2L, 50L);
        Map<Long, Long> after = Map.of(1L, 160L, 3L, 30L);

        assertEquals(60 + 30, ThreadCpu.spent(before, after));
    }

    @Test
    void this_thread_burns_measurable_cpu() {
        String name = Thread.currentThread().getName();
        Map<Long, Long> before = ThreadCpu.snapshot(name::equals);
        long sum = 0;
        for (int i = 0; i < 5_000_000; i++) {
            sum += i % 7;
        }
        Map<Long, Long> after = ThreadCpu.snapshot(name::equals);

        assertTrue(sum > 0);
        assertTrue(!ThreadCpu.supported() || ThreadCpu.spent(before, after) > 0);
    }
}
