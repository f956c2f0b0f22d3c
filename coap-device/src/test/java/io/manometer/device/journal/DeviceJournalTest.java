package io.manometer.device.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceJournalTest {

    private static final DeviceId DEVICE = DeviceId.of("dev-1");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path root;

    private Path file() {
        return root.resolve("state/dev-1.journal");
    }

    @Test
    void a_new_journal_starts_at_seq_zero_with_nothing_pending() throws Exception {
        DeviceJournal journal = DeviceJournal.open(file(), DEVICE);

        assertEquals(0, journal.nextSeq());
        assertEquals(List.of(), journal.pending());
        assertFalse(Files.exists(file()), "nothing is written before the first reading");
    }

    @Test
    void take_assigns_growing_seqs_and_records_the_readings_as_pending() throws Exception {
        DeviceJournal journal = DeviceJournal.open(file(), DEVICE);

        PressureReading first = journal.take(101.325, T0);
        PressureReading second = journal.take(101.4, T0.plusSeconds(1));

        assertEquals(new PressureReading(DEVICE, 0, 101.325, T0), first);
        assertEquals(new PressureReading(DEVICE, 1, 101.4, T0.plusSeconds(1)), second);
        assertEquals(2, journal.nextSeq());
        assertEquals(List.of(first, second), journal.pending());
        assertTrue(Files.exists(file()), "the reading is durable before it is sent");
    }

    @Test
    void reopening_restores_the_next_seq_and_the_pending_readings() throws Exception {
        DeviceJournal journal = DeviceJournal.open(file(), DEVICE);
        PressureReading first = journal.take(101.325, T0);
        PressureReading second = journal.take(99.875, Instant.parse("2026-11-22T10:00:01.125Z"));

        DeviceJournal reopened = DeviceJournal.open(file(), DEVICE);

        assertEquals(2, reopened.nextSeq());
        assertEquals(List.of(first, second), reopened.pending());
    }

    @Test
    void acknowledge_removes_the_reading_durably() throws Exception {
        DeviceJournal journal = DeviceJournal.open(file(), DEVICE);
        PressureReading first = journal.take(101.0, T0);
        PressureReading second = journal.take(102.0, T0);
        PressureReading third = journal.take(103.0, T0);

        journal.acknowledge(second.seq());

        assertEquals(List.of(first, third), journal.pending());
        assertEquals(List.of(first, third), DeviceJournal.open(file(), DEVICE).pending());
    }

    @Test
    void acknowledging_an_unknown_seq_changes_nothing() throws Exception {
        DeviceJournal journal = DeviceJournal.open(file(), DEVICE);
        PressureReading reading = journal.take(101.0, T0);

        journal.acknowledge(99);

        assertEquals(List.of(reading), journal.pending());
    }

    @Test
    void a_seq_is_never_reused_after_everything_was_acknowledged_and_the_journal_reopened() throws Exception {
        DeviceJournal journal = DeviceJournal.open(file(), DEVICE);
        for (int i = 0; i < 3; i++) {
            journal.acknowledge(journal.take(101.0, T0).seq());
        }

        DeviceJournal reopened = DeviceJournal.open(file(), DEVICE);

        assertEquals(List.of(), reopened.pending());
        assertEquals(3, reopened.take(101.0, T0).seq());
        assertEquals(4, DeviceJournal.open(file(), DEVICE).nextSeq());
    }

    @Test
    void the_next_seq_is_above_every_pending_reading_even_if_the_next_line_lags() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "# comment\n\nnext 2\npending 7 101.0 2026-11-22T10:00:00Z\n");

        DeviceJournal journal = DeviceJournal.open(file(), DEVICE);

        assertEquals(8, journal.nextSeq());
        assertEquals(List.of(new PressureReading(DEVICE, 7, 101.0, T0)), journal.pending());
    }

    @Test
    void writing_leaves_no_temporary_file() throws Exception {
        DeviceJournal journal = DeviceJournal.open(file(), DEVICE);
        journal.take(101.0, T0);
        journal.acknowledge(0);

        try (Stream<Path> files = Files.list(file().getParent())) {
            assertEquals(List.of(file()), files.toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "garbage\n",
        "next -1\n",
        "next\n",
        "next x\n",
        "next 1 2\n",
        "pending 1 101.0\n",
        "pending x 101.0 2026-11-22T10:00:00Z\n",
        "pending 1 abc 2026-11-22T10:00:00Z\n",
        "pending 1 101.0 yesterday\n",
        "pending -1 101.0 2026-11-22T10:00:00Z\n",
        "pending 1 -5.0 2026-11-22T10:00:00Z\n",
        "pending 1 NaN 2026-11-22T10:00:00Z\n"
    })
    void a_corrupt_journal_is_an_error_not_a_fresh_start(String content) throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "next 5\n" + content);

        IOException e = assertThrows(IOException.class, () -> DeviceJournal.open(file(), DEVICE));

        assertTrue(e.getMessage().contains(file().toString()), e.getMessage());
    }
}
