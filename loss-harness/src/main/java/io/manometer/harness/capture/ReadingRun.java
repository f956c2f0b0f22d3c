package io.manometer.harness.capture;

import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.device.sensor.PressureSensor;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.DeviceId;
import io.manometer.protocol.PressureReading;
import io.manometer.protocol.codec.ReadingCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The device's part of a capture: JSON readings POSTed one after the other, as a constrained device with NSTART 1
 * sends them (RFC 7252 §4.7), each remembered with the exact bytes sent, so they can be looked for in the capture.
 */
final class ReadingRun {

    private final ReadingPublisher publisher;
    private final DeviceId device;
    private final int readings;
    private final Duration bound;

    /** {@code bound} caps the wait for one reading's outcome; the publisher's own safety net fires before it. */
    ReadingRun(ReadingPublisher publisher, DeviceId device, int readings, Duration bound) {
        this.publisher = publisher;
        this.device = device;
        this.readings = readings;
        this.bound = bound;
    }

    /** Posts the readings; stops early, with a note, when no session can be had. */
    List<Exchange> call(Consumer<String> notes) throws InterruptedException {
        PressureSensor sensor = new PressureSensor(device.value().hashCode());
        ReadingCodec codec = ReadingCodec.forFormat(ContentFormat.JSON);
        List<Exchange> exchanges = new ArrayList<>();
        for (long seq = 1; seq <= readings; seq++) {
            PressureReading reading = new PressureReading(device, seq, sensor.read(),
                    Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS));
            String payload = new String(codec.encode(reading), StandardCharsets.UTF_8);
            PublishResult result = outcome(publisher.publish(reading, ContentFormat.JSON));
            exchanges.add(exchange(seq, payload, result));
            if (result instanceof PublishResult.Failed failed && (failed.kind() == FailureKind.HANDSHAKE_REJECTED
                    || failed.kind() == FailureKind.UNREACHABLE)) {
                notes.accept("stopped after reading " + seq + ": " + failed.reason());
                break;
            }
        }
        return exchanges;
    }

    private static Exchange exchange(long seq, String payload, PublishResult result) {
        if (result instanceof PublishResult.Answered answered) {
            return new Exchange(seq, payload, answered.code(), answered.acknowledged(), answered.retransmissions());
        }
        PublishResult.Failed failed = (PublishResult.Failed) result;
        return new Exchange(seq, payload, failed.reason(), false, failed.retransmissions());
    }

    private PublishResult outcome(CompletableFuture<PublishResult> future) throws InterruptedException {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            return new PublishResult.Failed("no outcome within " + bound.toMillis() + " ms", FailureKind.TIMEOUT, 0);
        } catch (ExecutionException e) {
            return new PublishResult.Failed(String.valueOf(e.getCause()), FailureKind.LOCAL_ERROR, 0);
        }
    }
}
