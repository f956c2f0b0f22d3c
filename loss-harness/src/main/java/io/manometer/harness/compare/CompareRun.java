package io.manometer.harness.compare;

import io.manometer.credentials.CredentialsException;
import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.CompareResult.Impaired;
import io.manometer.harness.compare.CompareResult.Loopback;
import io.manometer.harness.compare.CompareResult.Minimum;
import io.manometer.harness.compare.CompareResult.Mode;
import io.manometer.harness.compare.CompareResult.Resumption;
import io.manometer.harness.compare.HandshakeProbe.Attempt;
import io.manometer.harness.compare.HandshakeProbe.Sample;
import io.manometer.harness.link.Impairment;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Runs a comparison end to end on 127.0.0.1: the knob sweep, then for each mode fresh devices one at a time through
 * a pass-through link (bytes, time, CPU, resumption), optionally fresh devices over a link with delay (RTT) and
 * with loss, and the server at saturation. Everything is closed however it ends; progress goes to a callback, one
 * line per finished step.
 * <pre>
 *  devices ──▶ ImpairedLink (pass-through | delay rtt/2 each way | loss P each way) ──▶ PressureServer
 *              └─ DatagramLog: every forwarded datagram, per device ─▶ HandshakeTrace
 * </pre>
 */
public final class CompareRun {

    /** Loopback rounds (one handshake per mode each) between two progress lines. */
    static final int PROGRESS_EVERY = 10;
    /** Loss runs start many devices at once: they spend their time waiting for retransmission timers. */
    static final int LOSS_CONCURRENCY = 64;
    /** Enough for a handshake whose every client flight is sent five times (RFC 6347 §4.2.4.1, device timers). */
    static final Duration IMPAIRED_BOUND = Duration.ofSeconds(120);

    /**
     * What to measure.
     *
     * @param modes the modes, in report order
     * @param handshakes measured handshakes per mode and phase
     * @param warmup handshakes per mode before measuring, so the JIT has compiled the cryptography
     * @param profile the profile of server and devices in the main measurement
     * @param rtt when present, a phase over a link with this round-trip time (half of it each way)
     * @param lossPercent when present, a phase over a link losing this share of datagrams each way
     * @param seed seeds the credentials and the link
     * @param saturation how long each mode keeps the server busy; zero skips the phase
     * @param concurrency devices at once in the RTT and saturation phases
     */
    public record Options(List<CredentialMode> modes, int handshakes, int warmup, Profile profile,
            Optional<Duration> rtt, OptionalDouble lossPercent, long seed, Duration saturation, int concurrency) {

        public Options {
            modes = List.copyOf(modes);
            Objects.requireNonNull(profile, "profile");
            if (modes.isEmpty()) {
                throw new IllegalArgumentException("at least one mode is needed");
            }
            if (handshakes < 1 || warmup < 0 || concurrency < 1) {
                throw new IllegalArgumentException("handshakes and concurrency must be at least 1, warm-up at least 0");
            }
        }
    }

    private CompareRun() {
    }

    public static CompareResult run(Options options, Consumer<String> progress)
            throws IOException, CredentialsException, InterruptedException {
        try (BenchCredentials credentials = BenchCredentials.issue(options.seed())) {
            List<CompareResult.KnobRow> sweep = KnobSweep.run(credentials, options.modes(), options.seed(), progress);
            List<Mode> modes = new ArrayList<>();
            try (BenchServer server = BenchServer.start(credentials, options.profile())) {
                Map<CredentialMode, Loopback> loopback = loopback(server, credentials, options, progress);
                Map<CredentialMode, Impaired> rtt = new EnumMap<>(CredentialMode.class);
                if (options.rtt().isPresent()) {
                    Duration half = options.rtt().get().dividedBy(2);
                    rtt = impaired(server, credentials, options, Impairment.builder().delay(half).build(),
                            "rtt " + options.rtt().get().toMillis() + " ms", options.concurrency(), progress);
                }
                Map<CredentialMode, Impaired> loss = new EnumMap<>(CredentialMode.class);
                if (options.lossPercent().isPresent()) {
                    double percent = options.lossPercent().getAsDouble();
                    loss = impaired(server, credentials, options, Impairment.builder().loss(percent).build(),
                            CompareCsv.d(percent) + " % loss each way",
                            Math.min(options.handshakes(), LOSS_CONCURRENCY), progress);
                }
                for (CredentialMode mode : options.modes()) {
                    Optional<CompareResult.Saturated> saturation = Optional.empty();
                    if (!options.saturation().isZero()) {
                        saturation = Optional.of(Saturation.run(server, credentials, mode, options.profile(),
                                options.concurrency(), options.saturation()));
                        progress.accept(String.format(Locale.ROOT, "%s: saturation %.0f handshakes/s, server CPU"
                                + " %.2f ms each (%d devices, %d s)", mode, saturation.get().handshakesPerSecond(),
                                saturation.get().serverCpuMillis(), options.concurrency(),
                                options.saturation().toSeconds()));
                    }
                    modes.add(new Mode(mode, loopback.get(mode), Optional.ofNullable(rtt.get(mode)),
                            Optional.ofNullable(loss.get(mode)), saturation));
                }
            }
            return new CompareResult(options, modes, sweep, minima(credentials, options.modes()),
                    Provisioning.of(credentials, options.modes()), Runtime.getRuntime().availableProcessors());
        }
    }

    /** The RFC minimum of every mode, with the certificate sizes of these credentials, signatures at 71 bytes. */
    static Map<CredentialMode, Minimum> minima(BenchCredentials credentials, List<CredentialMode> modes)
            throws CredentialsException {
        RfcMinimum.Inputs inputs = new RfcMinimum.Inputs(BenchCredentials.DEVICE.length(),
                List.of(typicalLength(credentials.server().chain()[0])),
                List.of(typicalLength(credentials.device(CredentialMode.X509).chain().orElseThrow()[0])));
        Map<CredentialMode, Minimum> minima = new EnumMap<>(CredentialMode.class);
        for (CredentialMode mode : modes) {
            minima.put(mode, new Minimum(RfcMinimum.of(mode, false, inputs), RfcMinimum.of(mode, true, inputs)));
        }
        return minima;
    }

    private static Map<CredentialMode, Loopback> loopback(BenchServer server, BenchCredentials credentials,
            Options options, Consumer<String> progress)
            throws IOException, CredentialsException, InterruptedException {
        Map<CredentialMode, Loopback> results = new EnumMap<>(CredentialMode.class);
        Map<CredentialMode, List<Sample>> samples = new EnumMap<>(CredentialMode.class);
        try (BenchLink link = BenchLink.start(server, Impairment.NONE, options.seed())) {
            // round robin, so that the JIT's progress during the run favours no mode
            for (int i = 0; i < options.warmup(); i++) {
                for (CredentialMode mode : options.modes()) {
                    HandshakeProbe.sample(server, link, credentials, mode, options.profile(), false);
                }
            }
            progress.accept(options.warmup() + " warm-up handshakes per mode done");
            for (int i = 0; i < options.handshakes(); i++) {
                for (CredentialMode mode : options.modes()) {
                    samples.computeIfAbsent(mode, m -> new ArrayList<>()).add(HandshakeProbe.sample(server, link,
                            credentials, mode, options.profile(), true));
                }
                if ((i + 1) % PROGRESS_EVERY == 0 && i + 1 < options.handshakes()) {
                    progress.accept("loopback: " + (i + 1) + "/" + options.handshakes() + " handshakes per mode");
                }
            }
            for (CredentialMode mode : options.modes()) {
                Sample withoutCid = HandshakeProbe.sample(server, link, credentials, mode,
                        options.profile().with(Knob.NO_CONNECTION_ID), false);
                Loopback result = summarise(samples.get(mode), withoutCid);
                results.put(mode, result);
                progress.accept(String.format(Locale.ROOT, "%s: %d handshakes on loopback, %d B in %d datagrams, p50"
                        + " %.1f ms, server CPU %.2f ms", mode, result.handshakes(), result.typical().handshakeBytes(),
                        result.typical().datagrams(), result.millisP50(), result.serverCpuMillis()));
            }
        }
        return results;
    }

    static Loopback summarise(List<Sample> samples, Sample withoutCid) {
        HandshakeTrace typical = Stats.medianBy(samples, s -> s.trace().handshakeBytes()).trace();
        IntSummaryStatistics sizes = samples.stream().mapToInt(s -> s.trace().handshakeBytes()).summaryStatistics();
        List<Double> millis = samples.stream().map(Sample::millis).toList();
        Optional<Resumption> resumption = Optional.empty();
        List<HandshakeProbe.Resumption> resumed = samples.stream().flatMap(s -> s.resumption().stream()).toList();
        if (!resumed.isEmpty()) {
            List<Double> resumedMillis = resumed.stream().map(HandshakeProbe.Resumption::millis).toList();
            resumption = Optional.of(new Resumption(resumed.stream().allMatch(HandshakeProbe.Resumption::abbreviated),
                    Stats.medianBy(resumed, r -> r.trace().handshakeBytes()).trace(),
                    Stats.percentile(resumedMillis, 0.5), Stats.percentile(resumedMillis, 0.95)));
        }
        return new Loopback(samples.size(), typical, sizes.getMin(), sizes.getMax(), Stats.percentile(millis, 0.5),
                Stats.percentile(millis, 0.95), millis(samples, Sample::serverCpuNanos),
                millis(samples, Sample::deviceCpuNanos), resumption,
                first(typical.applicationUp()), first(withoutCid.trace().applicationUp()),
                first(typical.applicationDown()));
    }

    private static Map<CredentialMode, Impaired> impaired(BenchServer server, BenchCredentials credentials,
            Options options, Impairment impairment, String label, int concurrency, Consumer<String> progress)
            throws IOException, InterruptedException {
        Map<CredentialMode, Impaired> results = new EnumMap<>(CredentialMode.class);
        ExecutorService devices = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "manometer-compare-device");
            thread.setDaemon(true);
            return thread;
        });
        try (BenchLink link = BenchLink.start(server, impairment, options.seed())) {
            for (CredentialMode mode : options.modes()) {
                List<Future<Attempt>> futures = new ArrayList<>();
                for (int i = 0; i < options.handshakes(); i++) {
                    futures.add(devices.submit(() -> HandshakeProbe.attempt(link, credentials, mode,
                            options.profile(), IMPAIRED_BOUND)));
                }
                List<Attempt> attempts = new ArrayList<>();
                for (Future<Attempt> future : futures) {
                    attempts.add(get(future));
                }
                Impaired result = summarise(label, attempts);
                results.put(mode, result);
                progress.accept(String.format(Locale.ROOT, "%s: %s, %d/%d handshakes completed, p50 %.0f ms, p95 %.0f"
                        + " ms", mode,
                        label, result.completed(), result.attempts(), result.millisP50(), result.millisP95()));
            }
        } finally {
            devices.shutdownNow();
        }
        return results;
    }

    static Impaired summarise(String label, List<Attempt> attempts) {
        List<Double> millis = attempts.stream().filter(Attempt::completed).map(Attempt::millis).toList();
        return new Impaired(label, attempts.size(), millis.size(), Stats.percentile(millis, 0.5),
                Stats.percentile(millis, 0.95), Stats.mean(attempts.stream().map(Attempt::flightRetransmissions)
                        .toList()));
    }

    private static Attempt get(Future<Attempt> future) throws InterruptedException, IOException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("a device failed: " + e.getCause(), e.getCause());
        }
    }

    private static double millis(List<Sample> samples, ToLongFunction<Sample> nanos) {
        return Stats.mean(samples.stream().map(s -> nanos.applyAsLong(s) / 1e6).toList());
    }

    private static int first(List<Integer> values) {
        return values.isEmpty() ? 0 : values.get(0);
    }

    /** DER length of a certificate with its CA signature counted at the mean 71 bytes. */
    private static int typicalLength(X509Certificate certificate) {
        try {
            byte[] der = certificate.getEncoded();
            return der.length + HandshakeTrace.certificateSignatureSlack(der);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a loaded certificate has no encoding", e);
        }
    }
}
