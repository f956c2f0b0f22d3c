package io.manometer.server.resource;

import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.InvalidReadingException;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.ReadingSubmission;
import io.manometer.protocol.codec.ReadingCodec;
import io.manometer.server.storage.ReadingStore;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The rules of accepting a reading, apart from CoAP: decode, check that the reading is the sender's own, fill in
 * what the server assigns, store exactly once. {@link PressureResource} only translates the outcome to a response
 * code, so these rules are testable without sockets.
 */
public final class ReadingIngest {

    /** What happened to a submission. */
    public sealed interface Result {
        PressureReading reading();
    }

    /** Stored now: 2.01 Created. */
    public record Created(PressureReading reading) implements Result {
    }

    /** Already stored under the same (device, seq): 2.04 Changed, nothing new stored. */
    public record AlreadyStored(PressureReading reading) implements Result {
    }

    /** The reading names a device other than the authenticated peer: 4.03 Forbidden. */
    public static final class ForeignDeviceException extends Exception {
        private static final long serialVersionUID = 1L;

        ForeignDeviceException(String message) {
            super(message);
        }
    }

    private final ReadingStore store;
    private final Clock clock;
    private final Consumer<Result> stored;

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
     * Decodes and checks a submission at once (bad input throws), then stores it; the future completes when the
     * reading is durable, or exceptionally with the store's exception.
     */
    public CompletableFuture<Result> ingest(DeviceId peer, ContentFormat format, byte[] payload)
            throws InvalidReadingException, ForeignDeviceException {
        ReadingSubmission submission = ReadingCodec.forFormat(format).decode(payload);
        if (submission.device().isPresent() && !submission.device().get().equals(peer)) {
            throw new ForeignDeviceException("reading names device '" + submission.device().get()
                    + "' but this session is authenticated as '" + peer + "'");
        }
        return store(peer, submission).thenApply(result -> {
            stored.accept(result);
            return result;
        });
    }

    private CompletableFuture<Result> store(DeviceId peer, ReadingSubmission submission) {
        Instant ts = submission.ts().orElseGet(clock::instant);
        if (submission.seq().isEmpty()) {
            return store.storeWithNextSeq(peer, submission.kPa(), ts).thenApply(Created::new);
        }
        PressureReading reading = new PressureReading(peer, submission.seq().getAsLong(), submission.kPa(), ts);
        return store.store(reading).thenApply(outcome -> switch (outcome) {
            case CREATED -> new Created(reading);
            case DUPLICATE -> new AlreadyStored(reading);
        });
    }
}
