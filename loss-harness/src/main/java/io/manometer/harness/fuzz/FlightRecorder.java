package io.manometer.harness.fuzz;

import io.manometer.credentials.DeviceCredentials;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult;
import io.manometer.device.publish.ReadingPublisher;
import io.manometer.harness.link.Direction;
import io.manometer.harness.link.ImpairedLink;
import io.manometer.harness.link.LinkConfig;
import io.manometer.protocol.ContentFormat;
import io.manometer.protocol.PressureReading;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Records what a real device sends upstream during a handshake and one POST, by putting the harness's link
 * (without impairments) between it and the server. Those datagrams are the fuzzer's templates: real ClientHellos,
 * flights with certificates, Finished records in epoch 1, and records with the server's connection id.
 */
final class FlightRecorder {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private FlightRecorder() {
    }

    /** Runs one device through a clean link and returns the datagrams it sent, in order. */
    static List<byte[]> record(InetSocketAddress server, DeviceCredentials device, CredentialMode mode,
            Configuration config) throws IOException, InterruptedException {
        List<byte[]> upstream = Collections.synchronizedList(new ArrayList<>());
        InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ImpairedLink link = new ImpairedLink(LinkConfig.builder(listen, server).build(),
                (flow, direction, datagram, nanos) -> {
                    if (direction == Direction.UP) {
                        upstream.add(datagram.clone());
                    }
                })) {
            link.start();
            URI target = URI.create("coaps://127.0.0.1:" + link.address().getPort());
            ReadingPublisher publisher = new ReadingPublisher(new ReadingPublisher.Settings(target, mode,
                    Optional.empty(), Optional.empty(), config), device);
            try {
                publisher.start();
                PressureReading reading = new PressureReading(device.id(), 1, 101.325,
                        Instant.parse("2026-01-01T00:00:00Z"));
                PublishResult result = publisher.publish(reading, ContentFormat.JSON)
                        .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                if (!(result instanceof PublishResult.Answered answered) || !answered.acknowledged()) {
                    throw new IOException("recording a real handshake (" + mode.cliName() + ") failed: " + result);
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("recording a real handshake (" + mode.cliName() + ") failed: " + e, e);
            } finally {
                publisher.close();
            }
        }
        synchronized (upstream) {
            return List.copyOf(upstream);
        }
    }
}
