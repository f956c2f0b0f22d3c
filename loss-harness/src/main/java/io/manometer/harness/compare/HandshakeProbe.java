package io.manometer.harness.compare;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.DatagramLog.Datagram;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures handshakes of fresh devices. {@link #sample} runs one device alone through a link, so its datagrams and
 * the CPU time of its threads and of the server's belong to its handshake only; {@link #attempt} is for many
 * devices at once over an impaired link, where only success and time are meaningful.
 * <pre>
 *  fresh device ── POST ─▶ [full handshake] ─▶ request sent ─▶ 2.01   ... ─ POST (resume) ─▶ [abbreviated] ─▶ 2.01
 *               t0 ─────── handshake ms ──────▶ t1   log: its datagrams after the mark, then those of the resumption
 * </pre>
 */
final class HandshakeProbe {

    /** Long enough for a certificate handshake on a loaded two-core machine; a loopback run never comes close. */
    static final Duration LOOPBACK_BOUND = Duration.ofSeconds(30);

    /** One full handshake of a fresh device, and optionally the abbreviated one it then resumed with. */
    record Sample(HandshakeTrace trace, double millis, long serverCpuNanos, long deviceCpuNanos,
            Optional<Resumption> resumption) {
    }

    /** A resumption: its trace and time; {@code abbreviated} is false when the server ran a full handshake. */
    record Resumption(HandshakeTrace trace, double millis, boolean abbreviated) {
    }

    /** One handshake attempt over an impaired link. */
    record Attempt(boolean completed, double millis, long flightRetransmissions) {
    }

    private HandshakeProbe() {
    }

    /** Runs one fresh device through {@code link}, alone; throws when its handshake or reading fails. */
    static Sample sample(BenchServer server, BenchLink link, BenchCredentials credentials, CredentialMode mode,
            Profile device, boolean resume) throws IOException, CredentialsException, InterruptedException {
        link.barrier();
        int mark = link.mark();
        Map<Long, Long> serverBefore = server.cpu();
        Map<Long, Long> deviceBefore = server.deviceCpu();
        try (BenchDevice bench = BenchDevice.start(link.uri(), mode, device, credentials)) {
            BenchDevice.Exchange first = bench.post();
            double millis = first.handshakeMillis(LOOPBACK_BOUND).orElseThrow(() -> new IllegalStateException(
                    mode + " handshake failed: " + first.result().getNow(null)));
            first.answer(LOOPBACK_BOUND);
            link.barrier();
            long serverCpu = ThreadCpu.spent(serverBefore, server.cpu());
            long deviceCpu = ThreadCpu.spent(deviceBefore, server.deviceCpu());
            List<Datagram> datagrams = link.deviceSince(mark);
            HandshakeTrace trace = HandshakeTrace.of(datagrams, server.cidLength(), 0);
            Optional<Resumption> resumption = Optional.empty();
            if (resume) {
                resumption = Optional.of(resume(bench, server, link, mark, datagrams.size(), mode));
            }
            return new Sample(trace, millis, serverCpu, deviceCpu, resumption);
        }
    }

    /** One fresh device's handshake over an impaired link; never throws for a failed handshake. */
    static Attempt attempt(BenchLink link, BenchCredentials credentials, CredentialMode mode, Profile device,
            Duration bound) throws IOException, CredentialsException, InterruptedException {
        try (BenchDevice bench = BenchDevice.start(link.uri(), mode, device, credentials)) {
            Optional<Double> millis = bench.postForHandshakeOnly().handshakeMillis(bound);
            return new Attempt(millis.isPresent(), millis.orElse(Double.NaN),
                    bench.counters().dtlsFlightRetransmissions());
        }
    }

    private static Resumption resume(BenchDevice bench, BenchServer server, BenchLink link, int mark, int skip,
            CredentialMode mode) throws InterruptedException {
        BenchDevice.Exchange second = bench.postResuming();
        double millis = second.handshakeMillis(LOOPBACK_BOUND).orElseThrow(() -> new IllegalStateException(
                mode + " resumption failed: " + second.result().getNow(null)));
        second.answer(LOOPBACK_BOUND);
        link.barrier();
        List<Datagram> all = link.deviceSince(mark);
        HandshakeTrace trace = HandshakeTrace.of(all.subList(skip, all.size()), server.cidLength(), 0);
        boolean abbreviated = trace.messages().stream()
                .noneMatch(sent -> sent.message().type() == HandshakeMessage.CLIENT_KEY_EXCHANGE);
        return new Resumption(trace, millis, abbreviated);
    }
}
