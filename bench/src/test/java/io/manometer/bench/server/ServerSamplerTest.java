package io.manometer.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.bench.server.ServerSampler.Sample;
import io.manometer.bench.server.ServerSampler.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSamplerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void the_busy_window_leaves_out_the_idle_start_and_the_tail() {
        // idle for 2 s (set-up), 100 handshakes/s for 3 s at 1 ms CPU each, then a trickle of 5 while draining
        List<Sample> samples = List.of(
                new Sample(0, 0, 0, 0),
                new Sample(SECOND, 0, 0, 0),
                new Sample(2 * SECOND, 2, 0, 2_000_000),
                new Sample(3 * SECOND, 102, 0, 102_000_000),
                new Sample(4 * SECOND, 202, 0, 202_000_000),
                new Sample(5 * SECOND, 302, 0, 302_000_000),
                new Sample(6 * SECOND, 307, 0, 307_000_000));

        Window window = ServerSampler.busyWindow(samples, Sample::handshakes).orElseThrow();

        assertEquals(300, window.events());
        assertEquals(3.0, window.seconds(), 1e-9);
        assertEquals(100.0, window.perSecond(), 1e-9);
        assertEquals(1000.0, window.cpuMicrosPerEvent(), 1e-9);
    }

    @Test
    void nothing_counted_is_no_window() {
        List<Sample> samples = List.of(new Sample(0, 5, 0, 0), new Sample(SECOND, 5, 0, 10));

        assertTrue(ServerSampler.busyWindow(samples, Sample::handshakes).isEmpty());
        assertTrue(ServerSampler.busyWindow(samples.subList(0, 1), Sample::handshakes).isEmpty());
    }
}
