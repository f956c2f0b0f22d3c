package io.manometer.device.journal;

import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device's durable memory: the next sequence number and every reading taken but not yet acknowledged. A reading
 * is written here before it is sent, so after a crash or restart it is re-sent with the same seq and the server
 * recognises it (2.04) instead of storing it twice; and a seq is never reused, across runs too.
 * <pre>
 * next 18
 * pending 17 101.325 2026-11-22T10:00:00Z
 * </pre>
 */
public final class DeviceJournal {

    private final Path file;
    private final DeviceId device;
    private final Map<Long, PressureReading> pending = new TreeMap<>();
    private long next;

    private DeviceJournal(Path file, DeviceId device) {
        this.file = file;
        this.device = device;
    }

    /** Opens (or starts) the journal at {@code file}; a corrupt journal is an error, never silently reset. */
    public static DeviceJournal open(Path file, DeviceId device) throws IOException {
        DeviceJournal journal = new DeviceJournal(file, device);
        if (Files.exists(file)) {
            journal.read();
        }
        return journal;
    }

    public synchronized long nextSeq() {
        return next;
    }

    /** Readings from earlier runs that were never acknowledged, oldest first. */
    public synchronized List<PressureReading> pending() {
        return new ArrayList<>(pending.values());
    }

    /** Assigns the next seq to a new reading and records it as pending, durably, before it may be sent. */
    public synchronized PressureReading take(double kPa, Instant ts) throws IOException {
        PressureReading reading = new PressureReading(device, next, kPa, ts);
        pending.put(reading.seq(), reading);
        next++;
        write();
        return reading;
    }

    /** The server has stored this reading; forget it. */
    public synchronized void acknowledge(long seq) throws IOException {
        if (pending.remove(seq) != null) {
            write();
        }
    }

    private void read() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (String line : lines) {
            String[] fields = line.trim().split(" ");
            try {
                if (fields[0].equals("next") && fields.length == 2) {
                    next = Long.parseLong(fields[1]);
                    if (next < 0) {
                        throw new IOException(file + ": negative next seq in line '" + line + "'");
                    }
                } else if (fields[0].equals("pending") && fields.length == 4) {
                    PressureReading reading = new PressureReading(device, Long.parseLong(fields[1]),
                            Double.parseDouble(fields[2]), Instant.parse(fields[3]));
                    pending.put(reading.seq(), reading);
                } else if (!fields[0].isEmpty() && !fields[0].startsWith("#")) {
                    throw new IOException(file + ": unreadable line '" + line + "'");
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IOException(file + ": unreadable line '" + line + "'");
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": invalid reading in line '" + line + "': " + e.getMessage());
            }
        }
        for (long seq : pending.keySet()) {
            next = Math.max(next, seq + 1);
        }
    }

    private void write() throws IOException {
        StringBuilder text = new StringBuilder("# manometer device journal: next seq, unacknowledged readings\n");
        text.append("next ").append(next).append('\n');
        for (PressureReading reading : pending.values()) {
            text.append("pending ").append(reading.seq()).append(' ').append(reading.kPa()).append(' ')
                    .append(reading.ts()).append('\n');
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
