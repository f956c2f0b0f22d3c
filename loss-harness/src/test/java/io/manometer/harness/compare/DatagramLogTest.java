package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.harness.link.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatagramLogTest {

    @Test
    void a_device_is_what_the_first_sender_after_the_mark_exchanged_even_on_a_reused_flow() {
        DatagramLog log = new DatagramLog();
        log.forwarded(0, Direction.UP, new byte[] {1}, 1);
        log.forwarded(0, Direction.DOWN, new byte[] {2}, 2);
        int mark = log.size();
        log.forwarded(1, Direction.DOWN, new byte[] {9}, 3); // late traffic to an earlier device
        log.forwarded(0, Direction.UP, new byte[] {3}, 4); // a new device on a port the OS reused
        log.forwarded(0, Direction.DOWN, new byte[] {4}, 5);

        List<DatagramLog.Datagram> device = log.flowSince(mark);

        assertEquals(List.of(3, 4), device.stream().map(d -> (int) d.payload()[0]).toList());
        assertEquals(List.of(), log.flowSince(log.size()));
    }
}
