package io.manometer.harness.compare;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many full handshakes per second the server completes when devices keep it busy. {@code concurrency} devices
 * each run full handshakes back to back for the given time, every one with a new client random, new ECDHE keys and
 * the full certificate checks ({@code HANDSHAKE_MODE_FORCE_FULL} on a connector that is already up, so the rate is
 * not limited by starting connectors). Counted by the server ({@code handshakesSucceeded}), not by the devices.
 * Devices and server share this machine's cores, so for certificate modes, where both sides sign and verify, the
 * rate is roughly half of what a dedicated server would do; the server's own CPU time per handshake, measured over
 * the same window, gives the rate a server with these cores to itself would reach.
 */
final class Saturation {

    private Saturation() {
    }

    static CompareResult.Saturated run(BenchServer server, BenchCredentials credentials, CredentialMode mode,
            Profile device, int concurrency, Duration duration)
            throws IOException, CredentialsException, InterruptedException {
        List<BenchDevice> devices = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "manometer-saturation");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < concurrency; i++) {
                BenchDevice bench = BenchDevice.start(server.uri(), mode, device, credentials);
                devices.add(bench);
                bench.post().answer(HandshakeProbe.LOOPBACK_BOUND); // connected and warm
            }
            CountDownLatch start = new CountDownLatch(1);
            long deadline = System.nanoTime() + duration.toNanos();
            List<Future<?>> runs = new ArrayList<>();
            for (BenchDevice bench : devices) {
                runs.add(workers.submit(() -> {
                    start.await();
                    while (System.nanoTime() < deadline) {
                        bench.postWithFullHandshake().answer(HandshakeProbe.LOOPBACK_BOUND);
                    }
                    return null;
                }));
            }
            long before = server.server().counters().handshakesSucceeded();
            Map<Long, Long> cpu = server.cpu();
            long begin = System.nanoTime();
            start.countDown();
            for (Future<?> run : runs) {
                run.get(duration.toMillis() + HandshakeProbe.LOOPBACK_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
            long handshakes = server.server().counters().handshakesSucceeded() - before;
            double seconds = (System.nanoTime() - begin) / 1e9;
            long cpuNanos = ThreadCpu.spent(cpu, server.cpu());
            return new CompareResult.Saturated(handshakes / seconds,
                    handshakes == 0 ? Double.NaN : cpuNanos / 1e6 / handshakes);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(mode + ": a device failed during the saturation run: " + e.getMessage(),
                    e);
        } finally {
            workers.shutdownNow();
            devices.forEach(BenchDevice::close);
        }
    }
}
