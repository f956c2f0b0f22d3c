package io.manometer.server.resource;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import io.manometer.protocol.codec.JsonReadingCodec;
import io.manometer.protocol.codec.SenmlReadingCodec;
import io.manometer.protocol.codec.TextReadingCodec;
import io.manometer.server.storage.ReadingStore;
import io.manometer.server.storage.ReadingStore.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The rules of accepting readings, apart from CoAP: decode, check that every reading is the sender's own, fill in
 * what the server assigns, store each exactly once. A JSON or text POST carries one reading, a SenML POST a pack of
 * one or more; either way all of a POST's readings are checked before any is stored, and stored together.
 * {@link PressureResource} only translates the {@link Receipt} to a response code, so these rules are testable
 * without sockets.
 */
public final class ReadingIngest {

    /** What happened to one reading. */
    public sealed interface Result {
        PressureReading reading();
    }

    /** Stored now: 2.01 Created. */
    public record Created(PressureReading reading) implements Result {
    }

    /** Already stored under the same (device, seq): 2.04 Changed, nothing new stored. */
    public record AlreadyStored(PressureReading reading) implements Result {
    }

    /** What happened to all readings of one POST, in the order they were sent; complete only once all are durable. */
    public record Receipt(List<Result> results) {
        public Receipt {
            results = List.copyOf(results);
        }

        static Receipt of(Result result) {
            return new Receipt(List.of(result));
        }

        /** Readings stored by this POST. */
        public int created() {
            int created = 0;
            for (Result result : results) {
                if (result instanceof Created) {
                    created++;
                }
            }
            return created;
        }

        /** Readings that were already stored (a re-sent reading or pack); nothing new was written for them. */
        public int alreadyStored() {
            return results.size() - created();
        }
    }

    /** A reading names a device other than the authenticated peer: 4.03 Forbidden. */
    public static final class ForeignDeviceException extends Exception {
        private static final long serialVersionUID = 1L;

        ForeignDeviceException(String message) {
            super(message);
        }
    }

    private final ReadingStore store;
    private final Clock clock;
    private final Consumer<Result> stored;
    private final JsonReadingCodec json = new JsonReadingCodec();
    private final SenmlReadingCodec senml = new SenmlReadingCodec();
    private final TextReadingCodec text = new TextReadingCodec();

    public ReadingIngest(ReadingStore store, Clock clock) {
        this(store, clock, result -> { });
    }

    /** {@code stored} hears of every reading once it is durable, before the caller does (e.g. to count it). */
    public ReadingIngest(ReadingStore store, Clock clock, Consumer<Result> stored) {
        this.store = store;
        this.clock = clock;
        this.stored = stored;
    }

    /**
     * Decodes and checks a POST's readings at once (bad input throws, and then nothing is stored), then stores them;
     * the future completes when every reading is durable, or exceptionally with the store's exception.
     */
    public CompletableFuture<Receipt> ingest(DeviceId peer, ContentFormat format, byte[] payload)
            throws InvalidReadingException, ForeignDeviceException {
        List<ReadingSubmission> submissions = switch (format) {
            case JSON -> List.of(json.decode(payload));
            case TEXT_PLAIN -> List.of(text.decode(payload));
            case SENML_JSON -> senml.decodePack(payload);
        };
        if (submissions.size() == 1) {
            return storeOne(peer, submissions.get(0));
        }
        List<PressureReading> readings = readings(peer, submissions);
        return store.storeAll(readings).thenApply(outcomes -> {
            List<Result> results = new ArrayList<>(outcomes.size());
            for (int i = 0; i < outcomes.size(); i++) {
                results.add(result(readings.get(i), outcomes.get(i)));
            }
            results.forEach(stored);
            return new Receipt(results);
        });
    }

    private CompletableFuture<Receipt> storeOne(DeviceId peer, ReadingSubmission submission)
            throws ForeignDeviceException {
        if (submission.device().isPresent() && !submission.device().get().equals(peer)) {
            throw new ForeignDeviceException("reading names device '" + submission.device().get()
                    + "' but this session is authenticated as '" + peer + "'");
        }
        Instant ts = submission.ts().orElseGet(clock::instant);
        CompletableFuture<Result> result;
        if (submission.seq().isEmpty()) {
            result = store.storeWithNextSeq(peer, submission.kPa(), ts).thenApply(Created::new);
        } else {
            PressureReading reading = new PressureReading(peer, submission.seq().getAsLong(), submission.kPa(), ts);
            result = store.store(reading).thenApply(outcome -> result(reading, outcome));
        }
        return result.thenApply(done -> {
            stored.accept(done);
            return Receipt.of(done);
        });
    }

    /**
     * The readings of a pack of several, all checked before any is stored: each has a seq (the codec saw to that),
     * none repeats another's {@code (device, seq)}, and all are the peer's.
     */
    private List<PressureReading> readings(DeviceId peer, List<ReadingSubmission> submissions)
            throws InvalidReadingException, ForeignDeviceException {
        int total = submissions.size();
        Instant now = clock.instant();
        Map<Long, Integer> positions = new HashMap<>();
        List<PressureReading> readings = new ArrayList<>(total);
        DeviceId foreign = null;
        int foreignAt = 0;
        for (int i = 0; i < total; i++) {
            ReadingSubmission submission = submissions.get(i);
            DeviceId device = submission.device().orElse(peer);
            long seq = submission.seq().orElseThrow();
            if (!device.equals(peer)) {
                if (foreign == null) {
                    foreign = device;
                    foreignAt = i + 1;
                }
                continue;
            }
            Integer earlier = positions.putIfAbsent(seq, i + 1);
            if (earlier != null) {
                throw new InvalidReadingException("SenML readings " + earlier + " and " + (i + 1) + " of " + total
                        + " are the same reading: both have seq " + seq + "; a pack holds each reading once");
            }
            readings.add(new PressureReading(peer, seq, submission.kPa(), submission.ts().orElse(now)));
        }
        if (foreign != null) {
            throw new ForeignDeviceException("SenML reading " + foreignAt + " of " + total + " names device '"
                    + foreign + "' but this session is authenticated as '" + peer + "'; nothing was stored");
        }
        return readings;
    }

    private static Result result(PressureReading reading, Outcome outcome) {
        return switch (outcome) {
            case CREATED -> new Created(reading);
            case DUPLICATE -> new AlreadyStored(reading);
        };
    }
}
