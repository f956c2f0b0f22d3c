package io.manometer.device.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SeqAllocatorTest {

    private static final long EPOCH_MILLIS = 1_795_341_600_000L;

    @Test
    void a_seq_starts_at_the_clock_in_microsecond_units_and_counts_up_within_a_millisecond() {
        AtomicLong millis = new AtomicLong(EPOCH_MILLIS);
        SeqAllocator seqs = new SeqAllocator(millis::get);

        assertEquals(EPOCH_MILLIS * 1000, seqs.next());
        assertEquals(EPOCH_MILLIS * 1000 + 1, seqs.next());
        millis.addAndGet(1);
        assertEquals((EPOCH_MILLIS + 1) * 1000, seqs.next());
    }

    @Test
    void a_later_run_starts_above_every_seq_of_an_earlier_one() {
        AtomicLong millis = new AtomicLong(EPOCH_MILLIS);
        SeqAllocator first = new SeqAllocator(millis::get);
        long last = 0;
        for (int i = 0; i < 999; i++) {
            last = first.next();
        }
        millis.addAndGet(1);

        assertEquals(last + 2, new SeqAllocator(millis::get).next());
    }

    @Test
    void a_clock_that_goes_back_does_not_make_a_seq_go_back() {
        AtomicLong millis = new AtomicLong(EPOCH_MILLIS);
        SeqAllocator seqs = new SeqAllocator(millis::get);
        long before = seqs.next();
        millis.addAndGet(-60_000);

        assertEquals(before + 1, seqs.next());
    }
}
